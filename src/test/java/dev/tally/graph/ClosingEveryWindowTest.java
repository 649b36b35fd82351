package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.codahale.metrics.Gauge;
import dev.tally.config.GraphSettings;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.input.InputSource;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.Reject;
import dev.tally.runtime.UntilCaughtUp;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a run until caught up, through the real graph under a {@code ManualClock}: its first batch
 * that reaches the end offsets (here: a run with nothing to read, so its first own batch) closes every
 * event-time window, and so does every later batch of the run; a batch re-run after a crash, by a plain
 * streaming start, closes the same windows again, so the watermark never moves back.
 *
 * <p>Tumbling 10 s windows, a 3 s delay, 1 s batches. Batch 2 leaves the watermark at 109 s: without the
 * run's end, [110 s, 120 s) would stay open after batch 3.
 */
class ClosingEveryWindowTest {
  private static final long BATCH_MS = 1000;
  private static final List<List<String>> INPUT = List.of(
      List.of("a,1,101000", "b,2,103000"),
      List.of("a,4,105000", "c,8,112000"),
      List.of("d,16,114000"),
      List.of("e,32,115000", "f,64,125000")); // e: in a window the run closed; f: a new window

  @TempDir Path checkpoint;

  private static GraphSettings settings() {
    return Settings.batches(BATCH_MS).csv(0, "v").eventTime(3_000, "10s/10s").checkpointIntervalMs(2_000).build();
  }

  private static EventWindowRow row(long start, String key, long count, long sum, boolean isFinal) {
    return new EventWindowRow(new EventWindowKey(10_000, 10_000, start, key), Metric.of(count, sum), isFinal);
  }

  private static final Set<EventWindowRow> CLOSED_BY_BATCH_3 = Set.of(row(100_000, "a", 2, 5, true),
      row(100_000, "b", 1, 2, true), row(110_000, "c", 1, 8, true), row(110_000, "d", 1, 16, true));

  private static List<String> late(List<Reject> rejects) {
    return rejects.stream().filter(r -> r.reason().startsWith("late: ")).map(Reject::raw).sorted().toList();
  }

  @Test
  void theRunsFirstBatchAtTheEndClosesEveryWindowAndLaterOnesToo() {
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings(),
        List.of(new ReplayableInput("in", INPUT, BATCH_MS)))) {
      // Batches from 3 s on are the run's own; nothing to read, so batch 3 is at the end.
      job.runtime().runUntilCaughtUp(new UntilCaughtUp(Map.of(), 3 * BATCH_MS, true));
      Map<Long, Object> watermarkAge = new ConcurrentHashMap<>();
      job.watchHealth().listen(new StreamingListener() { // after the health listener: sees each batch after it
        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
          Gauge<?> age = job.health().metrics().metricRegistry().getGauges().get("watermark_age_ms");
          watermarkAge.put(completed.batchInfo().batchTime().milliseconds(), age == null ? "none" : age.getValue());
        }
      });
      job.start();
      job.runBatches(5); // the listeners have seen batch 4 once the harness has seen batch 5
      assertEquals(Set.of(row(100_000, "a", 2, 5, false), row(110_000, "c", 1, 8, false)),
          job.sink().eventWindows().get(2 * BATCH_MS), "before the run's end: open");
      assertEquals(CLOSED_BY_BATCH_3, job.sink().eventWindows().get(3 * BATCH_MS));
      assertEquals(List.of("e,32,115000"), late(job.sink().rejects().get(4 * BATCH_MS)),
          "the closed windows stay closed: the watermark is past them");
      assertEquals(Set.of(row(120_000, "f", 1, 64, true)), job.sink().eventWindows().get(4 * BATCH_MS),
          "a later batch of the run closes the window it opened");
      assertEquals(3 * BATCH_MS, job.runtime().untilCaughtUp().orElseThrow().firstClosingBatchMs());
      assertEquals(3 * BATCH_MS - 109_000, watermarkAge.get(3 * BATCH_MS), "the metric: batch time minus the watermark "
          + "the batch decided lateness by (batch 2's largest event time minus the delay); the event times are later "
          + "than the manual clock's batch times");
      assertEquals(4 * BATCH_MS - 120_000, watermarkAge.get(4 * BATCH_MS), "batch 3 moved it to the end of [110 s, 120 s)");
    }
  }

  @Test
  void aBatchReRunByAStreamingStartClosesWhatItClosedTheFirstTime() {
    ReplayableInput.LIVE.put("closing", INPUT);
    List<InputSource> inputs = List.of(ReplayableInput.live("closing", BATCH_MS));
    Set<EventWindowRow> atCrash;
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings(), inputs)) {
      first.runtime().runUntilCaughtUp(new UntilCaughtUp(Map.of(), 3 * BATCH_MS, true));
      first.start();
      first.runBatches(3);
      atCrash = first.sink().eventWindows().get(3 * BATCH_MS);
      assertEquals(CLOSED_BY_BATCH_3, atCrash);
      first.awaitCheckpoint(3 * BATCH_MS);
    }
    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings(), inputs)) {
      assertFalse(second.createdNew(), "recovered from the checkpoint");
      second.start(); // a plain streaming start: it decides nothing itself
      second.awaitBatch(3 * BATCH_MS);
      assertEquals(atCrash, second.sink().eventWindows().get(3 * BATCH_MS), "the re-run batch closes every window again");
      second.runBatches(1);
      assertEquals(List.of("e,32,115000"), late(second.sink().rejects().get(4 * BATCH_MS)));
      assertEquals(Set.of(row(120_000, "f", 1, 64, false)), second.sink().eventWindows().get(4 * BATCH_MS),
          "streaming again: the new window stays open, the watermark follows the events");
    }
  }
}
