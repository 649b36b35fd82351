package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchHealthListenerTest {
  @Test
  void warnsOnlyWhileTheDelayKeepsGrowingPastOneBatch() {
    BatchHealthListener listener = new BatchHealthListener(1000, new BatchFigures());
    long[] delays = {0, 400, 800, 1200, 1600, 2000}; // five rises, above 1 s at the end
    String warning = null;
    for (int i = 0; i < delays.length; i++) {
      warning = listener.delayWarning(delays[i]);
      if (i < delays.length - 1) {
        assertNull(warning, "no warning after " + i + " rises");
      }
    }
    assertNotNull(warning);
    assertTrue(warning.contains("grown for 5 batches to 2000ms"), warning);
    assertNull(listener.delayWarning(1900), "a falling delay resets the count");
  }

  @Test
  void risingButSmallDelaysDoNotWarn() {
    BatchHealthListener listener = new BatchHealthListener(1000, new BatchFigures());
    for (long delay = 10; delay < 200; delay += 10) {
      assertNull(listener.delayWarning(delay));
    }
  }

  @Test
  void healthLineIsKeyValuePairsWithTheBatchTimeInUtc() {
    long batch = 1_764_936_002_000L; // 2025-12-05T12:00:02Z
    BatchFigures figures = new BatchFigures();
    figures.input(batch, 120, 3);
    figures.windowRows(batch, "30s/10s", 42);
    figures.windowRows(batch, "24h/5m", 7);
    figures.totalRows(batch, 17);
    figures.pool(batch, new long[] {1, 3, 4, 0});
    String line = BatchHealthListener.line(batch, figures.take(batch), 1, 312, 4);
    assertEquals("batch_time=2025-12-05T12:00:02.000Z lines=120 rejects=3 window_rows.24h/5m=7 window_rows.30s/10s=42 "
        + "total_rows=17 pool_active=1 pool_idle=3 pool_created=4 pool_destroyed=0 failed_outputs=1 processing_ms=312 "
        + "scheduling_delay_ms=4", line);
    assertEquals(0, figures.take(batch).lines(), "taken once");
  }

  @Test
  void withEventTimeWindowsTheWatermarkAndHowFarItTrailsTheBatch() {
    long batch = 1_764_936_002_000L; // 2025-12-05T12:00:02Z
    BatchFigures figures = new BatchFigures();
    figures.input(batch, 10, 0);
    figures.totalRows(batch, 4);
    figures.watermark(batch, batch - 75_500);
    BatchFigures.OfBatch stats = figures.take(batch);
    assertEquals("batch_time=2025-12-05T12:00:02.000Z lines=10 rejects=0 total_rows=4 "
        + "watermark=2025-12-05T11:58:46.500Z watermark_age_ms=75500 failed_outputs=0 processing_ms=30 "
        + "scheduling_delay_ms=1", BatchHealthListener.line(batch, stats, 0, 30, 1));

    TallyMetrics metrics = new TallyMetrics(() -> 0);
    metrics.batchCompleted(batch - 1_000, new BatchFigures().take(batch - 1_000), 0, 30, 1);
    assertFalse(metrics.metricRegistry().getGauges().containsKey("watermark_age_ms"), "no watermark yet: no gauge");
    metrics.batchCompleted(batch, stats, 0, 30, 1);
    assertEquals(75_500L, metrics.metricRegistry().getGauges().get("watermark_age_ms").getValue());
  }

  @Test
  void theOldestUnfinishedBatchIsTheFirstSubmittedAndNotCompleted() {
    CatchUp catchUp = new CatchUp(5_000, () -> 0);
    assertEquals(Long.MAX_VALUE, catchUp.oldestWaiting());
    catchUp.submitted(1_000);
    catchUp.submitted(2_000);
    catchUp.submitted(3_000);
    catchUp.completed(1_000, 0);
    assertEquals(2_000, catchUp.oldestWaiting());
    catchUp.completed(2_000, 0);
    catchUp.completed(3_000, 0);
    assertEquals(Long.MAX_VALUE, catchUp.oldestWaiting(), "all done");
  }

  @Test
  void fieldsThatDidNotRunAreLeftOutAndTheRestKeepTheirOrder() {
    String line = BatchHealthListener.line(1_500, new BatchFigures().take(1_500), 0, 20, 0);
    assertEquals("batch_time=1970-01-01T00:00:01.500Z lines=0 rejects=0 failed_outputs=0 processing_ms=20 "
        + "scheduling_delay_ms=0", line);
  }

  @Test
  void aBacklogIsSummarisedEveryFewSecondsNotWarnedPerBatch() {
    long[] now = {0};
    CatchUp catchUp = new CatchUp(5_000, () -> now[0]);
    for (long t = 1; t <= 30; t++) {
      catchUp.submitted(t * 1000); // 30 batches missed while down, submitted at once
    }
    List<String> lines = new ArrayList<>();
    for (long t = 1; t <= 30; t++) {
      now[0] += 400; // each batch takes 0.4 s: a summary at 0.4 s, 5.6 s (5 s later), and when fewer than 5 wait
      catchUp.completed(t * 1000, 60_000 - t * 600).ifPresent(r -> lines.add(r.line()));
      if (t < 26) {
        assertTrue(catchUp.behind(), "behind after batch " + t);
      }
    }
    assertEquals(List.of(
        "catch_up state=behind batches_left=29 batches_done=1 next_batch_time=1970-01-01T00:00:02.000Z scheduling_delay_ms=59400",
        "catch_up state=behind batches_left=16 batches_done=14 next_batch_time=1970-01-01T00:00:15.000Z scheduling_delay_ms=51600",
        "catch_up state=caught_up batches_done=26 took_ms=10000 scheduling_delay_ms=44400"), lines);
    assertFalse(catchUp.behind());
  }

  @Test
  void aJobThatKeepsUpHasNoBacklog() {
    CatchUp catchUp = new CatchUp(5_000, () -> 0);
    for (long t = 1; t <= 20; t++) {
      catchUp.submitted(t * 1000);
      catchUp.submitted(t * 1000 + 1000); // the next batch already waits when one completes
      assertTrue(catchUp.completed(t * 1000, 900).isEmpty());
      assertFalse(catchUp.behind());
    }
  }
}
