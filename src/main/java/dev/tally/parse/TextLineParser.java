package dev.tally.parse;

/** The word count: every whitespace-separated word of a line is one event keyed by the word. */
final class TextLineParser extends BoundedLineParser {
  private static final long[] NO_VALUES = new long[0];

  TextLineParser(int maxLineLength, int maxKeyLength) {
    super(maxLineLength, maxKeyLength);
  }

  @Override
  public int valueCount() {
    return 0;
  }

  @Override
  void parseBounded(String line, EventHandler handler) {
    int n = line.length();
    if (n > maxKeyLength && longestWord(line) > maxKeyLength) {
      handler.reject("a word is longer than the key limit of " + maxKeyLength + " characters");
      return;
    }
    int i = 0;
    while (i < n) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isBlank(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        handler.event(line.substring(start, i), NO_VALUES);
      }
    }
  }

  private static int longestWord(String line) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < line.length(); i++) {
      run = isBlank(line.charAt(i)) ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
