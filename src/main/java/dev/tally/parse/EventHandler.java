package dev.tally.parse;

/**
 * Receives what a {@link LineParser} finds in one line. Callbacks instead of returned objects keep
 * the per-record path free of allocation.
 */
public interface EventHandler {
  /**
   * One event. {@code values} holds one fixed-point value per configured value field; the array is
   * reused by the parser and must not be kept.
   */
  void event(String key, long[] values);

  /**
   * One event with its time in epoch milliseconds: reported instead of {@link #event(String, long[])}
   * by parsers that read an event time field.
   */
  default void event(String key, long[] values, long eventTimeMs) {
    throw new UnsupportedOperationException("this handler takes no event time");
  }

  /** The whole line is rejected; no event of it was reported. */
  void reject(String reason);
}
