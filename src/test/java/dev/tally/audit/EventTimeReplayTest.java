package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.checkpointed.EventTimeCombiner;
import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.eventtime.EventWindows;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.model.TimedEvent;
import dev.tally.testing.EventTimeReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit's replay of event-time semantics, by hand on small batches and against the brute-force reference. */
class EventTimeReplayTest {
  private static final WindowSpec TEN = WindowSpec.parse("10s/10s");
  private static final WindowSpec TEN_BY_FIVE = WindowSpec.parse("10s/5s");

  private static EventWindowKey window(WindowSpec spec, long startMs, String key) {
    return new EventWindowKey(spec.lengthMs(), spec.slideMs(), startMs, key);
  }

  private static boolean event(EventTimeReplay replay, String key, long value, long timeMs) {
    return replay.event(key, new long[] {value}, timeMs);
  }

  @Test
  void anEventOutOfOrderWithinTheDelayCountsAndItsWindowClosesOnceTheWatermarkPassesItsEnd() {
    EventTimeReplay replay = new EventTimeReplay(List.of(TEN), 5_000, 1);
    assertEquals(EventTimeReplay.NO_WATERMARK, replay.beginBatch(2_000));
    assertTrue(event(replay, "a", 1, 12_000));
    assertTrue(event(replay, "a", 2, 9_000)); // 3 s out of order, in the same batch
    assertEquals(7_000, replay.endBatch());
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 2), false, 2_000), replay.rows().get(window(TEN, 0, "a")));

    assertEquals(7_000, replay.beginBatch(4_000));
    assertTrue(event(replay, "a", 4, 8_000)); // 4 s behind the largest time seen: its window [0 s, 10 s) is open
    assertEquals(7_000, replay.endBatch(), "no larger time: the watermark stays");
    assertEquals(new EventTimeReplay.Row(Metric.of(2, 6), false, 4_000), replay.rows().get(window(TEN, 0, "a")));

    replay.beginBatch(6_000);
    assertTrue(event(replay, "b", 8, 16_000));
    assertEquals(11_000, replay.endBatch());
    assertEquals(new EventTimeReplay.Row(Metric.of(2, 6), true, 6_000), replay.rows().get(window(TEN, 0, "a")),
        "closed by the next watermark, 11 s: written final by the batch that moved it");
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 1), false, 2_000), replay.rows().get(window(TEN, 10_000, "a")),
        "untouched since the first batch");
    assertEquals(2, replay.openCount());
  }

  @Test
  void anEventOneMillisecondBeforeTheWatermarksWindowEndIsLateAndTheNextOneIsNot() {
    EventTimeReplay replay = new EventTimeReplay(List.of(TEN), 5_000, 1);
    replay.beginBatch(2_000);
    event(replay, "a", 1, 15_000);
    assertEquals(10_000, replay.endBatch());

    assertEquals(10_000, replay.beginBatch(4_000));
    assertFalse(event(replay, "a", 2, 9_999), "its only window [0 s, 10 s) ends at the watermark");
    assertTrue(event(replay, "a", 4, 10_000), "its window [10 s, 20 s) is open");
    replay.endBatch();
    assertEquals(new EventTimeReplay.Row(Metric.of(2, 5), false, 4_000), replay.rows().get(window(TEN, 10_000, "a")));
    assertEquals(1, replay.rows().size(), "the late event opened no window");
    assertEquals("late: event time 1970-01-01T00:00:09.999Z is before the watermark 1970-01-01T00:00:10Z, "
        + "every window holding it has closed", EventTimeReplay.lateReason(9_999, 10_000));
  }

  @Test
  void anEventWhoseOlderSlidingWindowHasClosedCountsInTheOpenOneOnly() {
    EventTimeReplay replay = new EventTimeReplay(List.of(TEN_BY_FIVE), 0, 1);
    replay.beginBatch(1_000);
    event(replay, "a", 1, 10_000);
    assertEquals(10_000, replay.endBatch());
    replay.beginBatch(2_000);
    assertTrue(event(replay, "a", 2, 7_000)); // in [0 s, 10 s) (closed) and [5 s, 15 s) (open)
    replay.endBatch();
    assertEquals(new EventTimeReplay.Row(Metric.of(2, 3), false, 2_000), replay.rows().get(window(TEN_BY_FIVE, 5_000, "a")));
    assertEquals(null, replay.rows().get(window(TEN_BY_FIVE, 0, "a")));
  }

  @Test
  void aNewOriginStartsWithoutAWatermarkAndOverwritesTheRowsItTouches() {
    EventTimeReplay replay = new EventTimeReplay(List.of(TEN), 1_000, 1);
    replay.beginBatch(1_000);
    event(replay, "a", 1, 5_000);
    event(replay, "a", 1, 30_000);
    replay.endBatch();
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 1), true, 1_000), replay.rows().get(window(TEN, 0, "a")));

    replay.startOrigin();
    assertEquals(EventTimeReplay.NO_WATERMARK, replay.beginBatch(5_000));
    assertTrue(event(replay, "a", 2, 6_000), "nothing is late before the new origin's first watermark");
    replay.endBatch();
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 2), false, 5_000), replay.rows().get(window(TEN, 0, "a")));
  }

  @Test
  void theLateReasonIsWordedAsTallyWordsIt() {
    EventTimeCombiner combiner = new EventTimeCombiner(new EventWindows(List.of(TEN)), 1_764_939_910_000L, 1);
    combiner.accept(new TimedEvent("a", new long[] {1}, 1_764_939_909_999L, "kafka:t/0", 7, "a,1"));
    List<String> reasons = new ArrayList<>();
    for (PartitionOutput out : combiner.result()) {
      if (out instanceof Reject r) {
        reasons.add(r.reason());
      }
    }
    assertEquals(List.of(EventTimeReplay.lateReason(1_764_939_909_999L, 1_764_939_910_000L)), reasons);
  }

  @Test
  void randomBatchesGiveTheBruteForceReferencesLateEventsAndLastRows() {
    Random random = new Random(17);
    List<EventTimeReference.Spec> specs = List.of(new EventTimeReference.Spec(4_000, 2_000),
        new EventTimeReference.Spec(3_000, 3_000));
    List<WindowSpec> windows = List.of(new WindowSpec(4_000, 2_000), new WindowSpec(3_000, 3_000));
    long batchMs = 1_000;
    for (int round = 0; round < 20; round++) {
      List<List<EventTimeReference.TimedEvent>> batches = new ArrayList<>();
      long clock = 0;
      for (int b = 0; b < 30; b++) {
        List<EventTimeReference.TimedEvent> batch = new ArrayList<>();
        int n = b % 7 == 3 ? 0 : random.nextInt(5);
        for (int i = 0; i < n; i++) {
          clock += random.nextInt(400);
          long time = clock - (random.nextInt(10) == 0 ? random.nextInt(6_000) : random.nextInt(500));
          batch.add(new EventTimeReference.TimedEvent("k" + random.nextInt(3), 1 + random.nextInt(50), time));
        }
        batches.add(batch);
      }
      long delay = random.nextInt(2_000);
      List<EventTimeReference.Batch> reference = EventTimeReference.run(batches, specs, delay);

      EventTimeReplay replay = new EventTimeReplay(windows, delay, 1);
      Map<EventWindowKey, EventTimeReplay.Row> expectedRows = new HashMap<>();
      for (int b = 0; b < batches.size(); b++) {
        long time = (b + 1) * batchMs;
        assertEquals(reference.get(b).watermarkMs(), replay.beginBatch(time), "round " + round + " batch " + b);
        List<EventTimeReference.TimedEvent> late = new ArrayList<>();
        for (EventTimeReference.TimedEvent e : batches.get(b)) {
          if (!event(replay, e.key(), e.value(), e.timeMs())) {
            late.add(e);
          }
        }
        replay.endBatch();
        assertEquals(reference.get(b).late(), late, "round " + round + " batch " + b);
        for (EventWindowRow row : reference.get(b).rows()) {
          expectedRows.put(row.window(), new EventTimeReplay.Row(row.metric(), row.isFinal(), time));
        }
      }
      assertEquals(expectedRows, replay.rows(), "round " + round);
    }
  }
}
