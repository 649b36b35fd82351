package dev.tally.checkpointed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindows;
import dev.tally.model.EventWindowKey;
import dev.tally.model.KeyedMetric;
import dev.tally.model.KeyedWindowMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.model.TimedEvent;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The two passes with event time: the parse pass keeps timed events, the second decides lateness. */
class TimedCombinerTest {
  private static final ParserSpec CSV_TS =
      new ParserSpec(InputFormat.CSV, "k", List.of("v"), List.of("ts", "k", "v"), ',', 0, 200, 20, "ts");

  @Test
  void theParsePassKeepsEachEventWithWhereItWasReadAndTheLargestTime() {
    PartitionCombiner combiner = PartitionCombiner.of(CSV_TS, 100);
    combiner.accept("in", 1, "5000,a,1");
    combiner.accept("in", 2, "bad,a,1");
    combiner.accept("in", 3, "9000,b,2");
    combiner.accept("in", 4, "1000,a,3");
    List<PartitionOutput> out = combiner.result();
    assertEquals(List.of(
        new Reject("in", 2, "column 'ts' is not an event time (epoch millis, epoch seconds with a fraction, "
            + "or ISO-8601 with an offset): 'bad'", "bad,a,1"),
        new TimedEvent("a", new long[] {1}, 5000, "in", 1, "5000,a,1"),
        new TimedEvent("b", new long[] {2}, 9000, "in", 3, "9000,b,2"),
        new TimedEvent("a", new long[] {3}, 1000, "in", 4, "1000,a,3"),
        new PartitionCounts(4, 1, 9000)), out);
  }

  @Test
  void kafkaModeTakesTheRecordTimestamp() {
    ParserSpec spec = new ParserSpec(InputFormat.CSV, "k", List.of("v"), List.of(), ',', 0, 200, 20,
        ParserSpec.KAFKA_TIMESTAMP);
    PartitionCombiner combiner = PartitionCombiner.of(spec, 100);
    byte[] line = "a,4".getBytes(StandardCharsets.UTF_8);
    combiner.acceptRecord("kafka:t/0", 10, line, 0, line.length, 7000);
    combiner.acceptRecord("kafka:t/0", 11, line, 0, line.length, -1);
    assertEquals(List.of(
        new Reject("kafka:t/0", 11, "the record has no timestamp (--event-time kafka)", "a,4"),
        new TimedEvent("a", new long[] {4}, 7000, "kafka:t/0", 10, "a,4"),
        new PartitionCounts(2, 1, 7000)), combiner.result());
  }

  private static final EventWindows TEN_S_BY_5 = new EventWindows(List.of(new WindowSpec(10_000, 5_000)));

  private static TimedEvent at(String key, long v, long time, long position) {
    return new TimedEvent(key, new long[] {v}, time, "in", position, key + "," + v);
  }

  @Test
  void theSecondPassRejectsEventsOnlyInClosedWindowsAndSumsTheRest() {
    // Watermark 10 000: [0,10s) has closed, [5s,15s) is open.
    EventTimeCombiner combiner = new EventTimeCombiner(TEN_S_BY_5, 10_000, 1);
    combiner.accept(new Reject("in", 1, "bad", "x"));
    combiner.accept(at("a", 1, 4_999, 2));  // only in [-5s,5s) and [0,10s): late
    combiner.accept(at("a", 2, 5_000, 3));  // in [0,10s) (closed) and [5s,15s): counts in the open one
    combiner.accept(at("a", 4, 12_000, 4)); // in [5s,15s) and [10s,20s)
    combiner.accept(at("b", 8, 9_999, 5));
    combiner.accept(new PartitionCounts(5, 1, 12_000));
    Map<String, Object> byKind = new TreeMap<>();
    Map<EventWindowKey, Metric> windows = new java.util.HashMap<>();
    Map<String, Metric> keys = new TreeMap<>();
    List<Reject> rejects = new java.util.ArrayList<>();
    for (PartitionOutput out : combiner.result()) {
      if (out instanceof KeyedWindowMetric w) {
        windows.put(w.window(), w.metric());
      } else if (out instanceof KeyedMetric k) {
        keys.put(k.key(), k.metric());
      } else if (out instanceof Reject r) {
        rejects.add(r);
      } else {
        byKind.put("counts", out);
      }
    }
    assertEquals(new PartitionCounts(5, 2, 12_000, 10_000), byKind.get("counts"), "the late reject is counted; the "
        + "watermark it was decided by goes along");
    assertEquals(2, rejects.size());
    assertEquals("late: event time 1970-01-01T00:00:04.999Z is before the watermark 1970-01-01T00:00:10Z, "
        + "every window holding it has closed", rejects.get(1).reason());
    assertEquals(2, rejects.get(1).position());
    assertEquals(Map.of("a", Metric.of(2, 6), "b", Metric.of(1, 8)), keys, "late events count nowhere");
    assertEquals(Map.of(
        new EventWindowKey(10_000, 5_000, 5_000, "a"), Metric.of(2, 6),
        new EventWindowKey(10_000, 5_000, 10_000, "a"), Metric.of(1, 4),
        new EventWindowKey(10_000, 5_000, 5_000, "b"), Metric.of(1, 8)), windows);
  }

  @Test
  void anEventLateByOneMillisecondIsRejectedAndOneOnTimeIsNot() {
    EventWindows tumbling = new EventWindows(List.of(new WindowSpec(5_000, 5_000)));
    EventTimeCombiner combiner = new EventTimeCombiner(tumbling, 5_000, 1);
    combiner.accept(at("a", 1, 4_999, 1)); // [0,5s) ends at the watermark: closed
    combiner.accept(at("a", 1, 5_000, 2)); // [5s,10s): open
    combiner.accept(new PartitionCounts(2, 0, 5_000));
    List<PartitionOutput> out = combiner.result();
    assertEquals(1, out.stream().filter(o -> o instanceof Reject).count());
    assertEquals(List.of(new KeyedWindowMetric(new EventWindowKey(5_000, 5_000, 5_000, "a"), Metric.of(1, 1))),
        out.stream().filter(o -> o instanceof KeyedWindowMetric).toList());
  }
}
