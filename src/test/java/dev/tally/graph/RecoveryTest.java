package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import dev.tally.testing.Reference;
import dev.tally.testing.Reference.Event;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import dev.tally.config.GraphSettings;
import dev.tally.config.TotalsOperator;
import dev.tally.input.InputSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery in one JVM: run, stop without grace, {@code getOrCreate} again from the same directory.
 * The factory must not be called, the batch at the checkpoint time is re-run with identical output,
 * and windows and totals then continue exactly as if nothing had happened.
 */
class RecoveryTest {
  private static final int BATCHES = 12;
  private static final int BEFORE_CRASH = 6;

  @TempDir Path checkpoint;

  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void recoversFromTheCheckpointAndContinuesExactly(TotalsOperator operator) {
    recoverAndCheck(false, operator);
  }

  /**
   * After the restart the input no longer has the batches before the checkpoint (a socket cannot
   * replay): the windows must still subtract exactly what they added, from the checkpoint.
   */
  @ParameterizedTest
  @EnumSource(TotalsOperator.class)
  void windowsStayExactWhenTheInputCannotReplayOldBatches(TotalsOperator operator) {
    recoverAndCheck(true, operator);
  }

  private void recoverAndCheck(boolean inputForgets, TotalsOperator operator) {
    List<List<String>> lines = new ArrayList<>();
    List<List<Event>> events = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      List<String> batchLines = new ArrayList<>();
      List<Event> batchEvents = new ArrayList<>();
      for (int i = 0; i < 3 + (b * 7) % 5; i++) {
        String key = "k" + ((b + i) % 4);
        long value = (b * 31L + i * 17L) % 23 - 11;
        batchLines.add(key + "," + value);
        batchEvents.add(new Event(key, value));
      }
      lines.add(batchLines);
      events.add(batchEvents);
    }
    // A small checkpoint interval, so the recovered state and windows come from checkpointed RDDs.
    // 3s/1s and 4s/2s are summed afresh from their slices; 8s/1s is inverse-reduced and, after the
    // crash, subtracts batches from before it.
    GraphSettings settings = Settings.batches(1000).csv(0, "v").window("3s/1s").window("4s/2s").window("8s/1s")
        .plainWindowSlices(4).checkpointIntervalMs(2000).totals(operator).build();
    String name = "replay-" + inputForgets + "-" + operator;
    ReplayableInput.LIVE.put(name, lines);
    List<InputSource> input = List.of(ReplayableInput.live(name, 1000));

    Map<String, Metric> windowAtCrash;
    Map<String, TotalState> totalsAtCrash;
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, input).start()) {
      assertTrue(first.createdNew(), "first start builds the graph");
      first.runBatches(BEFORE_CRASH);
      windowAtCrash = first.sink().window("3s/1s").get(BEFORE_CRASH * 1000L);
      totalsAtCrash = first.sink().totals().get(BEFORE_CRASH * 1000L);
      assertEquals(Reference.window(events, 1000, 3000, BEFORE_CRASH * 1000L), windowAtCrash);
      first.awaitCheckpoint(BEFORE_CRASH * 1000L); // so that the recovery starts at this batch
    } // stop(true, false): no grace, like a crash of the streaming context

    if (inputForgets) {
      List<List<String>> forgotten = new ArrayList<>(lines);
      for (int b = 0; b < BEFORE_CRASH - 1; b++) {
        forgotten.set(b, List.of()); // everything before the re-run batch is gone
      }
      ReplayableInput.LIVE.put(name, forgotten);
    }
    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings, input)) {
      assertFalse(second.createdNew(), "restart recovers from the checkpoint; the factory is not called");
      second.start();
      second.awaitBatch(BEFORE_CRASH * 1000L); // recovery re-runs the batch at the checkpoint time
      assertEquals(windowAtCrash, second.sink().window("3s/1s").get(BEFORE_CRASH * 1000L),
          "the re-run batch writes the same window rows");
      assertEquals(totalsAtCrash, second.sink().totals().get(BEFORE_CRASH * 1000L),
          "the re-run batch writes the same totals");

      second.runBatches(BATCHES - BEFORE_CRASH);
      long last = BATCHES * 1000L;
      TreeMap<Long, Map<String, Metric>> expected3s = Reference.windows(events, 1000, 3000, 1000, last);
      TreeMap<Long, Map<String, Metric>> expected4s = Reference.windows(events, 1000, 4000, 2000, last);
      assertEquals(expected3s.tailMap(BEFORE_CRASH * 1000L, true), second.sink().window("3s/1s"));
      assertEquals(expected4s.tailMap(BEFORE_CRASH * 1000L, true), second.sink().window("4s/2s"));
      assertEquals(Reference.windows(events, 1000, 8000, 1000, last).tailMap(BEFORE_CRASH * 1000L, true),
          second.sink().window("8s/1s"));

      TreeMap<Long, Map<String, Metric>> expectedTotals = Reference.changedTotals(events, 1000, BATCHES);
      TreeMap<Long, Map<String, Metric>> actualTotals = new TreeMap<>();
      second.sink().totals().forEach((time, rows) -> {
        Map<String, Metric> metrics = new TreeMap<>();
        rows.forEach((key, total) -> metrics.put(key, total.metric()));
        actualTotals.put(time, metrics);
      });
      assertEquals(expectedTotals.tailMap(BEFORE_CRASH * 1000L, true), actualTotals,
          "totals continue from the recovered state: nothing lost, nothing counted twice");
      Map<String, Long> firstSeen = new TreeMap<>();
      for (int b = 0; b < BATCHES; b++) {
        for (Event e : events.get(b)) {
          firstSeen.putIfAbsent(e.key(), (b + 1) * 1000L);
        }
      }
      second.sink().latestTotals().forEach((key, total) ->
          assertEquals(firstSeen.get(key), total.firstSeenMs(), "first seen of " + key + " survives recovery"));
    }
  }
}
