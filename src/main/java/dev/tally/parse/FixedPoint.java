package dev.tally.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decimal text to and from fixed-point longs with a given number of decimals ({@code scale}), without
 * allocating on the common path. Digits beyond the scale are rounded half away from zero.
 */
public final class FixedPoint {
  /** Returned by {@link #parse} for text that is not a number in range; never a valid value. */
  public static final long INVALID = Long.MIN_VALUE;

  /** Largest scale accepted: keeps at least 9 integer digits. */
  public static final int MAX_SCALE = 9;

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private FixedPoint() {}

  public static long parse(CharSequence text, int scale) {
    return parse(text, 0, text.length(), scale);
  }

  /**
   * Parses {@code text[start, end)} (surrounding blanks allowed) into units of 10^-scale, or returns
   * {@link #INVALID}.
   */
  public static long parse(CharSequence text, int start, int end, int scale) {
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    int i = start;
    boolean negative = false;
    if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long unscaled = 0;
    int significantDigits = 0;
    int fractionDigits = 0;
    int digitsSeen = 0;
    boolean seenPoint = false;
    boolean droppedAny = false;
    boolean roundUp = false;
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digitsSeen++;
        if (seenPoint && fractionDigits == scale) {
          if (!droppedAny) {
            droppedAny = true;
            roundUp = c >= '5';
          }
          continue;
        }
        if (significantDigits == 18) {
          return slowParse(text, start, end, scale);
        }
        unscaled = unscaled * 10 + (c - '0');
        if (unscaled != 0) {
          significantDigits++;
        }
        if (seenPoint) {
          fractionDigits++;
        }
      } else if (c == '.' && !seenPoint) {
        seenPoint = true;
      } else if (c == 'e' || c == 'E') {
        return digitsSeen == 0 ? INVALID : slowParse(text, start, end, scale);
      } else {
        return INVALID;
      }
    }
    if (digitsSeen == 0) {
      return INVALID; // "", "-", "." or "-."
    }
    int missing = scale - fractionDigits;
    if (significantDigits + missing > 18) {
      return slowParse(text, start, end, scale);
    }
    long value = unscaled * POW10[missing];
    if (roundUp) {
      value++;
    }
    return negative ? -value : value;
  }

  private static long slowParse(CharSequence text, int start, int end, int scale) {
    try {
      BigDecimal exact = new BigDecimal(text.subSequence(start, end).toString());
      if (exact.signum() == 0) {
        return 0; // "0e999999999" is zero, and rescaling "0e-999999999" would cost as much as below
      }
      long magnitude = (long) exact.precision() - exact.scale(); // |exact| < 10^magnitude
      if (magnitude > 19) {
        return INVALID; // far out of range; checked first so "1e999999999" costs nothing
      }
      if (magnitude < -scale) {
        return 0; // below half a unit; rescaling "1e-999999999" would compute 10^999999997
      }
      return exact.setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return INVALID;
    }
  }

  /** Formats units of 10^-scale as plain decimal text, without trailing fraction zeros. */
  public static String format(long units, int scale) {
    if (scale == 0) {
      return Long.toString(units);
    }
    return BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
  }

  /** The exact decimal value of {@code units} at {@code scale}. */
  public static BigDecimal toBigDecimal(long units, int scale) {
    return BigDecimal.valueOf(units, scale);
  }
}
