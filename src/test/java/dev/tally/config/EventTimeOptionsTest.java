package dev.tally.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.process.TallyConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-time options: accepted together, each refused alone or malformed, naming the option. */
class EventTimeOptionsTest {
  private static final String[] BASE = {"--checkpoint-dir", "/tmp/cp", "--input-dir", "/tmp/in", "--format", "csv",
      "--csv-columns", "ts,key,v", "--values", "v"};

  private static String[] with(String... more) {
    String[] args = Arrays.copyOf(BASE, BASE.length + more.length);
    System.arraycopy(more, 0, args, BASE.length, more.length);
    return args;
  }

  private static String refused(String option, String... args) {
    ConfigException e = assertThrows(ConfigException.class, () -> TallyConfig.parse(args, null));
    assertEquals(option, e.option(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void acceptedTogetherAndFrozen() throws Exception {
    GraphSettings g = TallyConfig.parse(with("--event-time", "ts", "--event-window", "5m/5m", "--event-window",
        "10m/1m", "--watermark", "30s"), null).graph();
    assertEquals(List.of(new WindowSpec(300_000, 300_000), new WindowSpec(600_000, 60_000)), g.eventWindows());
    assertEquals(30_000, g.watermarkDelayMs());
    assertTrue(g.parser().eventTimeInLine());
    assertEquals("ts", g.byOption().get("event-time"));
    assertEquals("5m/5m,10m/1m", g.byOption().get("event-window"));
    assertEquals("30s", g.byOption().get("watermark"));
  }

  @Test
  void theWatermarkDefaultsToOneMinute() throws Exception {
    GraphSettings g = TallyConfig.parse(with("--event-time", "ts", "--event-window", "5m/5m"), null).graph();
    assertEquals(60_000, g.watermarkDelayMs());
  }

  @Test
  void withoutEventTimeTheFingerprintIsUnchanged() throws Exception {
    GraphSettings g = TallyConfig.parse(BASE, null).graph();
    assertTrue(g.eventWindows().isEmpty());
    assertFalse(g.parser().hasEventTime());
    assertFalse(g.byOption().containsKey("event-time"));
    assertFalse(g.byOption().containsKey("watermark"));
  }

  @Test
  void refusedAloneOrMalformed() {
    refused("event-window", with("--event-window", "10m/3m", "--event-time", "ts"));
    refused("event-window", with("--event-window", "1m/5m", "--event-time", "ts"));
    refused("event-window", with("--event-window", "5m/5m", "--event-window", "5m/5m", "--event-time", "ts"));
    refused("event-window", with("--event-window", "5m"));
    refused("event-window", with("--event-window", "5m/5m")); // no event time
    refused("event-time", with("--event-time", "ts")); // no window
    refused("watermark", with("--watermark", "10s")); // no window
    refused("watermark", with("--event-time", "ts", "--event-window", "5m/5m", "--watermark", "soon"));
    refused("event-time", with("--event-time", "missing", "--event-window", "5m/5m"));
    refused("event-time", with("--event-time", "v", "--event-window", "5m/5m"));
    refused("event-time", with("--event-time", "kafka", "--event-window", "5m/5m")); // a directory has no timestamps
    refused("event-time", "--checkpoint-dir", "/tmp/cp", "--input-dir", "/tmp/in", "--event-time", "ts",
        "--event-window", "5m/5m"); // text lines have no fields
  }
}
