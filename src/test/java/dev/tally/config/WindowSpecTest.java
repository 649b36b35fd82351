package dev.tally.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowSpecTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}/{2} = {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "30s/10s|30000|10000|30s/10s",
      "24h/5m|86400000|300000|1d/5m",
      "60s/1000ms|60000|1000|1m/1s",
      "`10s/ 2s`|10000|2000|10s/2s",
      "2s/2s|2000|2000|2s/2s",
      "1500ms/500ms|1500|500|1500ms/500ms",
      "5s/10s|5000|10000|5s/10s", // slide longer than the window is the configuration's to refuse
  })
  void parsesLengthAndSlide(String text, long lengthMs, long slideMs, String id) {
    WindowSpec w = WindowSpec.parse(text);
    assertEquals(lengthMs, w.lengthMs());
    assertEquals(slideMs, w.slideMs());
    assertEquals(id, w.id());
    assertEquals(id, w.toString());
    assertEquals(w, WindowSpec.parse(w.id()));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "30s|'30s' is not LENGTH/SLIDE (e.g. 30s/10s)",
      "``|'' is not LENGTH/SLIDE (e.g. 30s/10s)",
      "30s/|'' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
      "/10s|'' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
      "30x/10s|'30x' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
      "30s/10s/5s|'10s/5s' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
      "0/10s|'0/10s': length and slide must be positive",
      "30s/0ms|'30s/0ms': length and slide must be positive",
      "999999999999d/10s|'999999999999d' is too long a duration",
  })
  void rejectsWithAMessage(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void constructorRefusesNonPositiveLengths() {
    assertThrows(IllegalArgumentException.class, () -> new WindowSpec(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new WindowSpec(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new WindowSpec(-1, 1));
  }

  @Test
  void equalityIsByMilliseconds() {
    assertEquals(WindowSpec.parse("30s/10s"), WindowSpec.parse("30000ms/10000ms"));
    assertEquals(WindowSpec.parse("30s/10s").hashCode(), new WindowSpec(30_000, 10_000).hashCode());
    assertNotEquals(WindowSpec.parse("30s/10s"), WindowSpec.parse("10s/30s"));
    assertNotEquals(WindowSpec.parse("30s/10s"), WindowSpec.parse("30s/5s"));
  }
}
