package dev.tally.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1764867900250|1764867900250",           // whole digits: epoch millis
      "0|0",
      " 42 |42",
      "1764867900.25|1764867900250",           // a fraction: epoch seconds
      "1764867900.2|1764867900200",
      "1764867900.123456789|1764867900123",    // below a millisecond: dropped
      "1764867900.0009|1764867900000",
      "2025-12-04T17:05:00.250Z|1764867900250",
      "2025-12-04T18:05:00.250+01:00|1764867900250",
      "2025-12-04T17:05:00Z|1764867900000",
      "2025-12-04T17:05:00.250999Z|1764867900250",
      "2025-12-04T17:05Z|1764867900000",             // seconds may be left out, as ISO-8601 allows
  })
  void readsTheThreeForms(String text, long expected) {
    assertEquals(expected, EventTime.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "-5", "1.", ".5", "12a", "1e3", "1.2.3",
      "1234567890123456", // 16 digits: past what a long of millis holds as seconds
      "1764867900.1234567890", // a fraction past nanoseconds
      "2025-12-04T17:05:00.250", // no offset: a local time is ambiguous
      "2025-12-04 17:05:00Z", "2025-13-04T17:05:00Z"})
  void refusesAnythingElse(String text) {
    assertEquals(EventTime.INVALID, EventTime.parse(text));
  }

  @Test
  void readsARangeOfALongerText() {
    assertEquals(1500, EventTime.parse("a,1.5,b", 2, 5));
  }

  /** A spec with an event time: events report it, a bad or missing one is a reject naming the field. */
  static final class TimedRecorder implements EventHandler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void event(String key, long[] values) {
      seen.add("untimed " + key);
    }

    @Override
    public void event(String key, long[] values, long eventTimeMs) {
      seen.add(key + "@" + eventTimeMs + "=" + values[0]);
    }

    @Override
    public void reject(String reason) {
      seen.add("reject " + reason);
    }
  }

  private static List<String> parse(ParserSpec spec, String line) {
    TimedRecorder recorder = new TimedRecorder();
    spec.newParser().parse(line, recorder);
    return recorder.seen;
  }

  @Test
  void csvReadsTheTimeColumn() {
    ParserSpec spec = new ParserSpec(InputFormat.CSV, "k", List.of("v"), List.of("ts", "k", "v"), ',', 0, 200, 20, "ts");
    assertEquals(List.of("a@1500=7"), parse(spec, "1.5,a,7"));
    assertEquals(List.of("a@1764867900000=7"), parse(spec, "2025-12-04T17:05:00Z,a,7"));
    assertEquals(List.of("reject column 'ts' is not an event time (epoch millis, epoch seconds with a fraction, "
        + "or ISO-8601 with an offset): 'yesterday'"), parse(spec, "yesterday,a,7"));
    assertEquals(List.of("reject column 'ts' is not an event time (epoch millis, epoch seconds with a fraction, "
        + "or ISO-8601 with an offset): ''"), parse(spec, ",a,7"));
  }

  @Test
  void jsonReadsTheTimeField() {
    ParserSpec spec = new ParserSpec(InputFormat.JSON, "k", List.of("v"), List.of(), ',', 0, 200, 20, "ts");
    assertEquals(List.of("a@1500=7"), parse(spec, "{\"k\":\"a\",\"v\":7,\"ts\":1.5}"));
    assertEquals(List.of("a@1500=7"), parse(spec, "{\"ts\":1500,\"k\":\"a\",\"v\":7}"));
    assertEquals(List.of("a@1764867900250=7"), parse(spec, "{\"k\":\"a\",\"v\":7,\"ts\":\"2025-12-04T17:05:00.250Z\"}"));
    assertEquals(List.of("reject missing event time field 'ts'"), parse(spec, "{\"k\":\"a\",\"v\":7}"));
    assertEquals(List.of("reject event time field 'ts' is not a number or a string"),
        parse(spec, "{\"k\":\"a\",\"v\":7,\"ts\":true}"));
    assertEquals(List.of("reject event time field 'ts' is not an event time (epoch millis, epoch seconds with a "
        + "fraction, or ISO-8601 with an offset): 'soon'"), parse(spec, "{\"k\":\"a\",\"v\":7,\"ts\":\"soon\"}"));
    // One parser reads a partition's lines: the time of one line does not leak into the next.
    LineParser parser = spec.newParser();
    TimedRecorder recorder = new TimedRecorder();
    parser.parse("{\"k\":\"a\",\"v\":7,\"ts\":1.5}", recorder);
    parser.parse("{\"k\":\"b\",\"v\":1}", recorder);
    assertEquals(List.of("a@1500=7", "reject missing event time field 'ts'"), recorder.seen);
  }

  @Test
  void withoutEventTimeNoTimeIsRead() {
    ParserSpec spec = new ParserSpec(InputFormat.CSV, "k", List.of("v"), List.of("ts", "k", "v"), ',', 0, 200, 20);
    assertEquals(List.of("untimed a"), parse(spec, "not-a-time,a,7"));
    ParserSpec kafka = new ParserSpec(InputFormat.CSV, "k", List.of("v"), List.of(), ',', 0, 200, 20,
        ParserSpec.KAFKA_TIMESTAMP);
    assertEquals(List.of("untimed a"), parse(kafka, "a,7"), "the record's timestamp is added by the combiner");
  }
}
