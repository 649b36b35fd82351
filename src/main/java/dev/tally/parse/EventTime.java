package dev.tally.parse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an event time, in epoch milliseconds, from a field's text: whole digits are epoch milliseconds
 * ({@code 1764867900250}), digits with a fraction are epoch seconds ({@code 1764867900.25}), anything
 * else must be ISO-8601 with an offset ({@code 2025-12-04T17:05:00.250Z}, {@code ...+01:00}). Parts of a
 * millisecond are dropped (towards the past). Pure and allocation-free for the numeric forms.
 */
public final class EventTime {
  /** Returned for text that is no event time. */
  public static final long INVALID = Long.MIN_VALUE;

  /** Beyond this many digits a value could overflow a long of milliseconds. */
  private static final int MAX_DIGITS = 15;
  private static final int MAX_FRACTION_DIGITS = 9;

  private EventTime() {}

  public static long parse(CharSequence text) {
    return parse(text, 0, text.length());
  }

  /** The event time in {@code text[start, end)}, spaces around it ignored, or {@link #INVALID}. */
  public static long parse(CharSequence text, int start, int end) {
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (start == end) {
      return INVALID;
    }
    long numeric = parseNumeric(text, start, end);
    if (numeric != INVALID || !looksLikeIso(text, start, end)) {
      return numeric;
    }
    try {
      return OffsetDateTime.parse(text.subSequence(start, end), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return INVALID;
    }
  }

  /** Milliseconds for whole digits, seconds for digits with a fraction; INVALID for anything else. */
  private static long parseNumeric(CharSequence text, int start, int end) {
    long whole = 0;
    int i = start;
    while (i < end && isDigit(text.charAt(i))) {
      whole = whole * 10 + (text.charAt(i) - '0');
      i++;
    }
    int digits = i - start;
    if (digits == 0 || digits > MAX_DIGITS) {
      return INVALID;
    }
    if (i == end) {
      return whole;
    }
    if (text.charAt(i) != '.') {
      return INVALID;
    }
    i++;
    long millis = 0;
    int fractionDigits = 0;
    while (i < end && isDigit(text.charAt(i))) {
      if (fractionDigits < 3) {
        millis = millis * 10 + (text.charAt(i) - '0');
      }
      fractionDigits++;
      i++;
    }
    if (i != end || fractionDigits == 0 || fractionDigits > MAX_FRACTION_DIGITS || digits > MAX_DIGITS - 3) {
      return INVALID;
    }
    for (int d = fractionDigits; d < 3; d++) {
      millis *= 10;
    }
    return whole * 1000 + millis;
  }

  private static boolean looksLikeIso(CharSequence text, int start, int end) {
    return end - start >= 17 && end - start <= 40 && text.charAt(start + 4) == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
