package dev.tally.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "\"{0}\" -> {1} ms")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "0|0",
      "0ms|0",
      "0s|0",
      "1ms|1",
      "500ms|500",
      "10s|10000",
      "5m|300000",
      "5min|300000",
      "2MIN|120000",
      "10S|10000",
      "24h|86400000",
      "7d|604800000",
      "`  30s `|30000",
      "007s|7000",
      "999999999999ms|999999999999",
      "106751991167d|9223372036828800000",
  })
  void parses(String text, long ms) {
    assertEquals(ms, Durations.parseMs(text));
  }

  @ParameterizedTest(name = "\"{0}\" is not a duration")
  @ValueSource(strings = {"", " ", "10", "s", "ms", "10 s", "-5s", "+5s", "1.5s", "10sec", "5mi", "5mins", "1w", "1y",
      "0x", "s10", "10s5", "1m30s", "1234567890123ms"})
  void rejectsWithAMessageQuotingTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMs(text));
    assertEquals("'" + text + "' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)", e.getMessage());
  }

  @Test
  void overflowIsAnIllegalArgumentNotAnArithmeticError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseMs("999999999999d"));
    assertEquals("'999999999999d' is too long a duration", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMs("106751991168d"));
  }

  @ParameterizedTest(name = "{0} ms -> \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "0|0",
      "1|1ms",
      "1500|1500ms",
      "1000|1s",
      "30000|30s",
      "90000|90s",
      "60000|1m",
      "120000|2m",
      "5400000|90m",
      "3600000|1h",
      "86400000|1d",
      "90000000|25h",
      "172800000|2d",
      "86400001|86400001ms",
  })
  void formatsTheShortestExactForm(long ms, String text) {
    assertEquals(text, Durations.format(ms));
  }

  @Test
  void formatIsCanonical() {
    assertEquals("1m", Durations.format(Durations.parseMs("60s")));
    assertEquals("1s", Durations.format(Durations.parseMs("1000ms")));
    assertEquals("1d", Durations.format(Durations.parseMs("24h")));
  }

  @Test
  void parseOfFormatRoundTrips() {
    SplittableRandom random = new SplittableRandom(7L);
    long[] units = {1L, 1_000L, 60_000L, 3_600_000L, 86_400_000L};
    for (int i = 0; i < 10_000; i++) {
      long unit = units[random.nextInt(units.length)];
      long ms = random.nextLong(0, 999_999_999_999L / unit + 1) * unit;
      assertEquals(ms, Durations.parseMs(Durations.format(ms)), () -> ms + " -> " + Durations.format(ms));
    }
  }
}
