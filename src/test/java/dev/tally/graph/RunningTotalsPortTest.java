package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.config.TotalsOperator;
import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import dev.tally.testing.CollectingSink;
import dev.tally.testing.QueueInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import scala.Tuple2;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updateStateByKey cases of Spark's BasicOperationsSuite, through Tally's running totals. Tally
 * writes only the totals that changed in a batch, so each batch's expected output is the changed
 * keys with their new totals. Each case runs with both operators that keep totals: they must agree.
 */
class RunningTotalsPortTest {
  @TempDir Path checkpoint;

  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void updateStateByKey(TotalsOperator operator) {
    // Spark's full state per batch: a1 | a2 b1 | a3 b2 c1 | a4 b3 c1 | a5 b3 c1 | a5 b3 c1
    List<String> changed = run(Settings.batches(1000).totals(operator), 6,
        "a", "a b", "a b c", "a b", "a", "");
    assertEquals(List.of("a=1@1", "a=2@1 b=1@2", "a=3@1 b=2@2 c=1@3", "a=4@1 b=3@2", "a=5@1", ""), changed);
  }

  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void objectLifecycleEvictsAfterTwoIdleBatches(TotalsOperator operator) {
    // Spark's case drops a key seen twice in a row without values: a TTL of two batches. Its full
    // state per batch: a1 b1 | a1 b1 | a3 c1 | a3 c2 | c2 | (empty). The last batch brings b back:
    // b was evicted, so its total starts again (count 1, first seen at batch 7).
    List<String> changed = run(Settings.batches(1000).ttlMs(2000).totals(operator), 7,
        "a b", "", "a c a", "c", "", "", "b");
    assertEquals(List.of("a=1@1 b=1@1", "", "a=3@1 c=1@3", "c=2@3", "", "", "b=1@7"), changed);
  }

  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void evictedKeyStartsAgainButKeptKeyContinues(TotalsOperator operator) {
    // TTL of 3 batches: a stays alive by reappearing every third batch, b goes idle and is evicted.
    List<String> changed = run(Settings.batches(1000).ttlMs(3000).totals(operator), 8,
        "a b", "", "", "a", "", "", "a b", "");
    assertEquals(List.of("a=1@1 b=1@1", "", "", "a=2@1", "", "", "a=3@1 b=1@7", ""), changed);
  }

  /**
   * With state checkpoints every 2 batches, {@code mapWithState}'s timeout sweep removes idle keys while
   * they are away: the rows are the same as when the key is dropped on its return.
   */
  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void keyEvictedBetweenStateCheckpointsStartsAgain(TotalsOperator operator) {
    List<String> changed = run(Settings.batches(1000).ttlMs(3000).checkpointIntervalMs(2000).totals(operator), 11,
        "a b", "", "", "a", "", "", "a b", "", "", "", "b");
    assertEquals(List.of("a=1@1 b=1@1", "", "", "a=2@1", "", "", "a=3@1 b=1@7", "", "", "", "b=1@11"), changed);
  }

  /**
   * A new checkpoint seeds its totals from the table: a seeded key with events in the first batch is
   * written once with both sums, a seeded key that comes back within the TTL (counted from the first
   * batch) continues, one that comes back later starts again.
   */
  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void seededTotalsContinueAndExpireFromTheFirstBatch(TotalsOperator operator) {
    CollectingSink table = new CollectingSink(List.of(
        new Tuple2<>("a", new TotalState(Metric.ofCount(5), 100, 500, 0)),
        new Tuple2<>("c", new TotalState(Metric.ofCount(2), 200, 300, 0)),
        new Tuple2<>("d", new TotalState(Metric.ofCount(4), 200, 400, 0))));
    List<String> changed = run(Settings.batches(1000).ttlMs(3000).totals(operator), table, 5,
        "a b", "a", "", "c", "d");
    assertEquals(List.of("a=6@0 b=1@1", "a=7@0", "", "c=3@0", "d=1@5"), changed);
  }

  private List<String> run(Settings settings, int batches, String... lines) {
    return run(settings, new CollectingSink(), batches, lines);
  }

  /** Runs text batches and renders each batch's changed totals as {@code key=count@firstSeenBatch}. */
  private List<String> run(Settings settings, CollectingSink sink, int batches, String... lines) {
    List<List<String>> input = new ArrayList<>();
    for (String line : lines) {
      input.add(List.of(line));
    }
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new QueueInput("queue", input, 2)), sink).start()) {
      job.runBatches(batches);
      List<String> out = new ArrayList<>();
      for (Map.Entry<Long, Map<String, TotalState>> batch : sink.totals().entrySet()) {
        StringBuilder text = new StringBuilder();
        batch.getValue().forEach((key, total) -> {
          assertEquals(batch.getKey(), total.lastSeenMs(), "a changed total was last seen in its batch");
          text.append(text.length() == 0 ? "" : " ").append(key).append('=').append(total.metric().count())
              .append('@').append(total.firstSeenMs() / job.batchMs());
        });
        out.add(text.toString());
      }
      return out;
    }
  }
}
