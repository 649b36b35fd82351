package dev.tally.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Spark's own settings take them: {@code 500ms}, {@code 10s}, {@code 5m} or
 * {@code 5min}, {@code 24h}, {@code 7d} (any case), or {@code 0}.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|min|m|h|d)");
  private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] UNIT_NAME = {"d", "h", "m", "s", "ms"};

  private Durations() {}

  /** Milliseconds, or {@link IllegalArgumentException} with a message fit for the user. */
  public static long parseMs(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("0")) {
      return 0;
    }
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2).equals("min") ? "m" : m.group(2);
    for (int i = 0; i < UNIT_NAME.length; i++) {
      if (UNIT_NAME[i].equals(unit)) {
        try {
          return Math.multiplyExact(amount, UNIT_MS[i]);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
      }
    }
    throw new AssertionError(t);
  }

  /** The shortest exact form: 30000 becomes {@code 30s}, 86400000 becomes {@code 1d}. */
  public static String format(long ms) {
    if (ms == 0) {
      return "0";
    }
    for (int i = 0; i < UNIT_MS.length; i++) {
      if (ms % UNIT_MS[i] == 0) {
        return (ms / UNIT_MS[i]) + UNIT_NAME[i];
      }
    }
    return ms + "ms";
  }
}
