package dev.tally.parse;

import java.util.Locale;

/** How a line of input becomes events. */
public enum InputFormat {
  /** Every whitespace-separated word of a line is one event with key = the word. */
  TEXT,
  /** One event per line: delimited columns holding a key and numeric values. */
  CSV,
  /** One event per line: a JSON object holding a key field and numeric value fields. */
  JSON;

  public static InputFormat parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
