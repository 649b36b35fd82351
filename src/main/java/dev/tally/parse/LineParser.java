package dev.tally.parse;

/**
 * Turns one line into events or one reject. Implementations are not thread-safe (they reuse
 * buffers); create one per partition. They never throw on bad data.
 */
public interface LineParser {
  /** Reports the line's events, or one reject, to {@code handler}. Blank lines report nothing. */
  void parse(String line, EventHandler handler);

  /** How many value fields each event carries. */
  int valueCount();
}
