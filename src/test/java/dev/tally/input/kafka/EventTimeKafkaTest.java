package dev.tally.input.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.config.GraphSettings;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Reject;
import dev.tally.testing.EventTimeReference;
import dev.tally.testing.EventTimeReference.Spec;
import dev.tally.testing.EventTimeReference.TimedEvent;
import dev.tally.testing.KafkaBroker;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --event-time kafka} against a real broker: the record timestamps are the event times. */
class EventTimeKafkaTest {
  private static KafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  private static void produce(String topic, List<TimedEvent> events) throws Exception {
    List<String> lines = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (TimedEvent e : events) {
      lines.add(e.key() + "," + e.value());
      times.add(e.timeMs());
    }
    broker.produceAt(topic, lines, times);
  }

  @Test
  void recordTimestampsDecideWindowsAndLateness() throws Exception {
    String topic = "event-time";
    broker.createTopic(topic, 2);
    long t = 1_764_900_000_000L; // a multiple of 10 s
    List<List<TimedEvent>> batches = List.of(
        List.of(new TimedEvent("a", 1, t + 1_000), new TimedEvent("b", 2, t + 12_000), new TimedEvent("a", 4, t + 9_000)),
        List.of(new TimedEvent("a", 8, t + 8_999), new TimedEvent("a", 16, t + 10_000), new TimedEvent("b", 32, t + 25_000)));
    GraphSettings settings = Settings.batches(1000).csv(0, "v").eventTimeFromKafka(2_000, "10s/10s").build();
    KafkaSettings kafka = new KafkaSettings(broker.bootstrap(), List.of(topic), null, "et-group", "et-group-driver",
        "earliest", Map.of());
    try (StreamingHarness job = StreamingHarness.create(tmp.resolve("cp"), settings, List.of(new KafkaInput(kafka)))
        .start()) {
      produce(topic, batches.get(0));
      job.runBatch();
      produce(topic, batches.get(1));
      job.runBatch();
      List<EventTimeReference.Batch> expected = EventTimeReference.run(batches, List.of(new Spec(10_000, 10_000)), 2_000);
      TreeMap<Long, Set<EventWindowRow>> rows = job.sink().eventWindows();
      assertEquals(EventTimeReference.rowsByBatchTime(expected, 1000), rows);
      // Batch 1's largest time is t + 12 s: the watermark t + 10 s closes [t, t + 10 s), so a + 8 999 is late.
      List<Reject> late = job.sink().rejects().get(2000L);
      assertEquals(1, late.size(), String.valueOf(late));
      assertEquals("a,8", late.get(0).raw());
      assertEquals(List.of(new TimedEvent("a", 8, t + 8_999)), expected.get(1).late());
    }
  }
}
