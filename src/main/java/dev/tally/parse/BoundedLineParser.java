package dev.tally.parse;

/** The checks every format shares: blank lines carry nothing, over-long lines are rejected unread. */
abstract class BoundedLineParser implements LineParser {
  private final int maxLineLength;
  protected final int maxKeyLength;

  BoundedLineParser(int maxLineLength, int maxKeyLength) {
    this.maxLineLength = maxLineLength;
    this.maxKeyLength = maxKeyLength;
  }

  @Override
  public final void parse(String line, EventHandler handler) {
    if (line.length() > maxLineLength) {
      handler.reject("line of " + line.length() + " characters is longer than the limit of " + maxLineLength);
      return;
    }
    if (line.isBlank()) {
      return;
    }
    if (line.indexOf('\u0000') >= 0) {
      handler.reject("line contains a NUL character"); // no database text column can hold it
      return;
    }
    parseBounded(line, handler);
  }

  /** Parses a non-blank line within the length limit. */
  abstract void parseBounded(String line, EventHandler handler);

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || (c > ' ' ? Character.isWhitespace(c) : c <= ' ');
  }

  /** A short, printable excerpt of bad data for a reject reason. */
  static String excerpt(CharSequence text, int start, int end) {
    int limit = 40;
    return end - start <= limit
        ? text.subSequence(start, end).toString()
        : text.subSequence(start, start + limit) + "...";
  }
}
