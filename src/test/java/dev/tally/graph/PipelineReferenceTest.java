package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.Metric;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.testing.QueueInput;
import dev.tally.testing.Reference;
import dev.tally.testing.Reference.Event;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against the brute-force {@link Reference}: random CSV batches with negative and
 * fractional values and 30 % malformed lines, several window shapes at once (per-batch slices, per-slide
 * slices, a length that is not a multiple of its slide), running totals and rejects, all exact per batch.
 */
class PipelineReferenceTest {
  private static final int BATCHES = 16;
  private static final String[] MALFORMED = {
      "only-a-key", "k1,notanumber,1", "k2,1,2,3", ",5,5", "k3,1e999999999,1", "\"unterminated,1,1"};

  @TempDir Path checkpoint;

  @Test
  void windowsTotalsAndRejectsMatchTheReferenceExactly() {
    Random random = new Random(20261121);
    List<List<String>> lines = new ArrayList<>();
    List<List<Event>> events = new ArrayList<>();
    int malformed = 0;
    for (int b = 0; b < BATCHES; b++) {
      List<String> batchLines = new ArrayList<>();
      List<Event> batchEvents = new ArrayList<>();
      int n = b % 5 == 4 ? 0 : 20 + random.nextInt(40); // some empty batches let keys leave windows
      for (int i = 0; i < n; i++) {
        if (random.nextInt(10) < 3) {
          batchLines.add(MALFORMED[random.nextInt(MALFORMED.length)]);
          malformed++;
          continue;
        }
        Event event = new Event("k" + random.nextInt(8), random.nextInt(20_001) - 10_000L, 100L * random.nextInt(5));
        batchLines.add(render(event));
        batchEvents.add(event);
      }
      lines.add(batchLines);
      events.add(batchEvents);
    }

    // Up to 3 slices summed afresh (3s/1s, 6s/2s), longer ones inverse-reduced: 5s/2s over batches, 8s/2s over slices.
    Settings settings = Settings.batches(1000).csv(2, "cost", "clicks").plainWindowSlices(3)
        .window("3s/1s").window("6s/2s").window("5s/2s").window("8s/2s");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new QueueInput("queue", lines, 3))).start()) {
      job.runBatches(BATCHES);

      assertEquals(Reference.windows(events, 1000, 3000, 1000, BATCHES * 1000L), job.sink().window("3s/1s"));
      assertEquals(Reference.windows(events, 1000, 6000, 2000, BATCHES * 1000L), job.sink().window("6s/2s"));
      assertEquals(Reference.windows(events, 1000, 5000, 2000, BATCHES * 1000L), job.sink().window("5s/2s"));
      assertEquals(Reference.windows(events, 1000, 8000, 2000, BATCHES * 1000L), job.sink().window("8s/2s"));

      TreeMap<Long, Map<String, Metric>> totals = new TreeMap<>();
      for (Map.Entry<Long, Map<String, TotalState>> batch : job.sink().totals().entrySet()) {
        Map<String, Metric> metrics = new TreeMap<>();
        batch.getValue().forEach((key, total) -> metrics.put(key, total.metric()));
        totals.put(batch.getKey(), metrics);
      }
      assertEquals(Reference.changedTotals(events, 1000, BATCHES), totals);

      List<Reject> rejects = new ArrayList<>();
      job.sink().rejects().values().forEach(rejects::addAll);
      assertEquals(malformed, rejects.size(), "every malformed line is a reject");
      for (Reject r : rejects) {
        assertTrue(r.input().matches("queue partition \\d+"), r.input());
        assertTrue(List.of(MALFORMED).contains(r.raw()), r.raw());
        assertTrue(!r.reason().isBlank());
      }
    }
  }

  /** {@code key,cost,clicks}: values in hundredths (2 decimals), cost -100.00..100.00, written as exact text. */
  private static String render(Event event) {
    long cost = event.values()[0];
    return event.key() + "," + (cost < 0 ? "-" : "") + Math.abs(cost) / 100 + "."
        + String.format("%02d", Math.abs(cost) % 100) + "," + event.values()[1] / 100;
  }
}
