package dev.tally.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FixedPointTest {

  @ParameterizedTest(name = "\"{0}\" at scale {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // integers
      "0|0|0",
      "7|0|7",
      "42|2|4200",
      "-42|2|-4200",
      "+42|2|4200",
      "9223372036854775807|0|9223372036854775807",
      "-9223372036854775807|0|-9223372036854775807",
      "000123|1|1230",
      // decimals
      "1.5|2|150",
      "-1.5|2|-150",
      "+1.5|2|150",
      "12.34|2|1234",
      "0.05|2|5",
      "-0.05|2|-5",
      "1.2|4|12000",
      "3.141592653|9|3141592653",
      "9223372036.854775807|9|9223372036854775807",
      ".5|2|50",
      "-.5|2|-50",
      "5.|2|500",
      "-5.|0|-5",
      // rounding half away from zero beyond the scale
      "1.005|2|101",
      "-1.005|2|-101",
      "1.004|2|100",
      "-1.004|2|-100",
      "1.0049999|2|100",
      "1.995|2|200",
      "-1.995|2|-200",
      "2.5|0|3",
      "-2.5|0|-3",
      "2.4|0|2",
      "0.004|2|0",
      "-0.004|2|0",
      "0.000000000000000000000009|2|0",
      // surrounding spaces
      "`  12.5  `|1|125",
      "` -3 `|0|-3",
      // exponent forms
      "1e3|0|1000",
      "1e3|2|100000",
      "1E3|0|1000",
      "2.5E-1|2|25",
      "2.5e-1|1|3",
      "-2.5e-1|1|-3",
      "1.005e0|2|101",
      "1e+2|0|100",
      "-1.5e2|0|-150",
      "1e-30|2|0",
      "0e5|2|0",
      // more than 18 digits go the exact slow path
      "12345678901234567.891|2|1234567890123456789",
      "0.1234567890123456789|9|123456789",
  })
  void parsesValidText(String text, int scale, long expected) {
    assertEquals(expected, FixedPoint.parse(text, scale));
  }

  @ParameterizedTest(name = "\"{0}\" is INVALID")
  @ValueSource(strings = {
      "", " ", "-", "+", ".", "-.", "+.", "abc", "1.2.3", "1e", "1e+", "e5", "-e5", "1ee5", "1e5.5",
      "NaN", "-NaN", "Infinity", "-Infinity", "1,5", "1 5", "--1", "+-1", "0x10", "1_000", "\t1", "1f", "1L",
  })
  void rejectsText(String text) {
    assertEquals(FixedPoint.INVALID, FixedPoint.parse(text, 2));
  }

  @ParameterizedTest(name = "\"{0}\" at scale {1} is out of range")
  @CsvSource(delimiter = '|', value = {
      "9223372036854775808|0",
      "-9223372036854775809|0",
      "99999999999999999999999|0",
      "92233720368547758.08|2",
      "92233720368547758.075|2", // rounds up past Long.MAX_VALUE
      "10000000000|9",
      "-10000000000|9",
      "1e19|0",
      "1e17|2",
      "-1e17|2",
  })
  void rejectsValuesOutOfRangeAtTheScale(String text, int scale) {
    assertEquals(FixedPoint.INVALID, FixedPoint.parse(text, scale));
  }

  @Test
  void largestValuesAtTheScaleStillParse() {
    assertEquals(Long.MAX_VALUE, FixedPoint.parse("92233720368547758.07", 2));
    assertEquals(-Long.MAX_VALUE, FixedPoint.parse("-92233720368547758.07", 2));
    assertEquals(999_999_999_999_999_999L, FixedPoint.parse("999999999.999999999", 9));
  }

  @Test
  void hugeExponentsAreAnsweredQuickly() {
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertEquals(FixedPoint.INVALID, FixedPoint.parse("1e999999999", 2));
      assertEquals(FixedPoint.INVALID, FixedPoint.parse("-1e999999999", 2));
      assertEquals(FixedPoint.INVALID, FixedPoint.parse("1e99999999999", 2)); // exponent beyond int
      assertEquals(FixedPoint.INVALID, FixedPoint.parse("1e2147483648", 2));
      assertEquals(FixedPoint.INVALID, FixedPoint.parse("1e2147483647", 2)); // largest exponent BigDecimal takes
    });
  }

  @Test
  void tinyNumbersWithHugeNegativeExponentsRoundToZeroQuickly() {
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertEquals(0, FixedPoint.parse("1e-999999999", 2));
      assertEquals(0, FixedPoint.parse("-9.9e-999999999", 9));
      assertEquals(0, FixedPoint.parse("0e-999999999", 2));
      assertEquals(0, FixedPoint.parse("0e999999999", 2));
      assertEquals(0, FixedPoint.parse("1e-2147483647", 0));
    });
  }

  @Test
  void roundingAtTheEdgeOfTinyNumbers() {
    // 0.005 is exactly half a unit at scale 2: away from zero; just below half rounds to zero.
    assertEquals(1, FixedPoint.parse("5e-3", 2));
    assertEquals(-1, FixedPoint.parse("-5e-3", 2));
    assertEquals(0, FixedPoint.parse("4.99e-3", 2));
    assertEquals(0, FixedPoint.parse("9e-4", 2));
  }

  @Test
  void parsesARangeOfLargerText() {
    String line = "key,  -12.345 ,x";
    assertEquals(-1235, FixedPoint.parse(line, 4, 14, 2));
    assertEquals(FixedPoint.INVALID, FixedPoint.parse(line, 15, 16, 2));
    assertEquals(FixedPoint.INVALID, FixedPoint.parse(line, 4, 4, 2));
  }

  @ParameterizedTest(name = "{0} at scale {1} -> \"{2}\"")
  @CsvSource(delimiter = '|', value = {
      "12345|2|123.45",
      "100|2|1",
      "1000|2|10",
      "150|2|1.5",
      "5|2|0.05",
      "0|2|0",
      "-12345|2|-123.45",
      "-5|2|-0.05",
      "-100|2|-1",
      "42|0|42",
      "-42|0|-42",
      "0|0|0",
      "1000|0|1000",
      "9223372036854775807|9|9223372036.854775807",
      "-9223372036854775807|0|-9223372036854775807",
      "1|9|0.000000001",
  })
  void formatsPlainTextWithoutTrailingZeros(long units, int scale, String expected) {
    assertEquals(expected, FixedPoint.format(units, scale));
  }

  @Test
  void toBigDecimalIsExact() {
    assertEquals(new BigDecimal("123.45"), FixedPoint.toBigDecimal(12345, 2));
    assertEquals(new BigDecimal("-0.000000001"), FixedPoint.toBigDecimal(-1, 9));
  }

  @Test
  void formatThenParseRoundTrips() {
    SplittableRandom random = new SplittableRandom(20240611L);
    for (int i = 0; i < 20_000; i++) {
      int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
      long x;
      switch (i % 4) {
        case 0 -> x = random.nextLong(-1_000, 1_001);
        case 1 -> x = random.nextLong(-1_000_000_000L, 1_000_000_001L);
        case 2 -> x = random.nextLong(-999_999_999_999_999_999L, 1_000_000_000_000_000_000L);
        default -> x = random.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE); // full range except INVALID
      }
      String text = FixedPoint.format(x, scale);
      assertEquals(x, FixedPoint.parse(text, scale), () -> "x=" + x + " scale=" + scale + " text=" + text);
    }
  }
}
