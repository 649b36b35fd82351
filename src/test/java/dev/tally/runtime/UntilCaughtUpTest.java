package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

class UntilCaughtUpTest {
  private static final TopicPartition P0 = new TopicPartition("clicks", 0);
  private static final TopicPartition P1 = new TopicPartition("clicks", 1);
  private static final long START = 10_000;

  private static UntilCaughtUp run(boolean eventWindows) {
    return new UntilCaughtUp(Map.of(P0, 100L, P1, 50L), START, eventWindows);
  }

  @Test
  void reachesWhenEveryPartitionIsReadUpToItsTarget() {
    UntilCaughtUp run = run(false);
    assertTrue(run.reaches(Map.of(P0, 100L, P1, 50L)));
    assertTrue(run.reaches(Map.of(P0, 120L, P1, 50L, new TopicPartition("clicks", 2), 3L)),
        "records written since the start, and partitions added since, do not hold it back");
    assertFalse(run.reaches(Map.of(P0, 100L, P1, 49L)));
    assertFalse(run.reaches(Map.of(P0, 100L)), "a partition not read yet");
    assertTrue(new UntilCaughtUp(Map.of(), START, false).reaches(Map.of()), "nothing to read: caught up at once");
  }

  @Test
  void untilOffsetsTakesTheEndOfEachRange() {
    assertEquals(Map.of(P0, 100L, P1, 7L), UntilCaughtUp.untilOffsets(List.of(
        OffsetRange.create(P0, 40, 100), OffsetRange.create(P1, 7, 7))));
  }

  @Test
  void onlyItsOwnBatchesDecideAndOnceOneClosesEveryLaterOneDoes() {
    UntilCaughtUp run = run(true);
    Map<TopicPartition, Long> atTheEnd = Map.of(P0, 100L, P1, 50L);
    Map<TopicPartition, Long> halfway = Map.of(P0, 60L, P1, 50L);
    assertFalse(run.closesEveryWindow(START - 1_000, atTheEnd), "a batch re-run from the checkpoint decides nothing new");
    assertFalse(run.closesEveryWindow(START, halfway));
    assertEquals(-1, run.firstClosingBatchMs());
    assertTrue(run.closesEveryWindow(START + 1_000, atTheEnd));
    assertTrue(run.closesEveryWindow(START + 2_000, Map.of(P0, 130L, P1, 50L)), "later batches of the run close too");
    assertTrue(run.closesEveryWindow(START + 1_000, atTheEnd), "asked again (a recomputation): the same answer");
    assertEquals(START + 1_000, run.firstClosingBatchMs());
  }

  @Test
  void caughtUpOnceItsOwnBatchThatReachedTheEndIsDone() {
    UntilCaughtUp run = run(false);
    run.offsetsStored(START - 1_000, Map.of(P0, 100L, P1, 50L));
    run.batchDone(START - 1_000);
    assertEquals(Optional.empty(), run.stopReason(), "a re-run batch of an earlier run does not end this one");
    run.offsetsStored(START, Map.of(P0, 99L, P1, 50L));
    run.batchDone(START);
    assertEquals(Optional.empty(), run.stopReason());
    run.offsetsStored(START + 1_000, Map.of(P0, 100L, P1, 50L));
    assertEquals(Optional.empty(), run.stopReason(), "offsets stored, but the batch's last output has not run");
    run.batchDone(START + 1_000);
    assertTrue(run.stopReason().orElseThrow().startsWith("caught up: batch 1970-01-01T00:00:11.000Z read every input"),
        run.stopReason().toString());
  }

  @Test
  void withoutTargetsTheRunsFirstOwnBatchIsTheEnd() {
    UntilCaughtUp files = new UntilCaughtUp(Map.of(), START, false);
    files.batchDone(START - 1_000);
    assertEquals(Optional.empty(), files.stopReason(), "the batches missed while down come first");
    files.batchDone(START);
    assertTrue(files.stopReason().isPresent());
  }

  @Test
  void withEventWindowsNotBeforeABatchClosedThemAll() {
    UntilCaughtUp run = run(true);
    Map<TopicPartition, Long> atTheEnd = Map.of(P0, 100L, P1, 50L);
    run.offsetsStored(START, atTheEnd);
    run.batchDone(START);
    assertEquals(Optional.empty(), run.stopReason(), "no batch closed the windows yet");
    assertTrue(run.closesEveryWindow(START + 1_000, atTheEnd));
    run.offsetsStored(START + 1_000, atTheEnd);
    run.batchDone(START + 1_000);
    assertTrue(run.stopReason().orElseThrow().endsWith("every event-time window is final"));
  }
}
