package dev.tally.runtime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerOutputOperationCompleted;
import scala.Option;

/**
 * One line per completed batch: lines in, rejects, rows out per window and for totals, processing
 * time and scheduling delay; a warning while the scheduling delay keeps growing (the job is falling
 * behind its input). Registered at every start, never kept in the checkpoint.
 */
public final class BatchHealthListener implements StreamingListener {
  private static final Logger LOG = LogManager.getLogger("dev.tally.health");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  /** Consecutive batches of rising delay, above one batch interval, before warning. */
  static final int GROWTH_WARN_BATCHES = 5;

  private final long batchMs;
  private final BatchFigures figures;
  private long lastDelayMs = -1;
  private int risingBatches;
  private final AtomicLong failedOutputs = new AtomicLong();

  public BatchHealthListener(long batchMs, BatchFigures figures) {
    this.batchMs = batchMs;
    this.figures = figures;
  }

  @Override
  public void onOutputOperationCompleted(StreamingListenerOutputOperationCompleted completed) {
    if (completed.outputOperationInfo().failureReason().isDefined()) {
      failedOutputs.incrementAndGet();
      LOG.error("batch output failed: {} ({})", completed.outputOperationInfo().description(),
          completed.outputOperationInfo().failureReason().get().lines().findFirst().orElse(""));
    }
  }

  /** Output operations that failed since start: a stop after failures is not a clean stop. */
  public long failedOutputs() {
    return failedOutputs.get();
  }

  @Override
  public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
    BatchInfo info = completed.batchInfo();
    long batchTime = info.batchTime().milliseconds();
    BatchFigures.OfBatch stats = figures.take(batchTime);
    long processing = millis(info.processingDelay());
    long delay = millis(info.schedulingDelay());
    LOG.info(line(batchTime, stats, processing, delay));
    String warning = delayWarning(delay);
    if (warning != null) {
      LOG.warn(warning);
    }
  }

  static String line(long batchTime, BatchFigures.OfBatch stats, long processingMs, long delayMs) {
    StringBuilder text = new StringBuilder("batch ").append(CLOCK.format(Instant.ofEpochMilli(batchTime)))
        .append(" lines=").append(stats.lines())
        .append(" rejects=").append(stats.rejects());
    Map<String, Long> windows = stats.windowRows();
    if (!windows.isEmpty()) {
      text.append(" windowRows=").append(windows);
    }
    if (stats.totalRows() >= 0) {
      text.append(" totalRows=").append(stats.totalRows());
    }
    long[] pool = stats.pool();
    if (pool != null) {
      text.append(" pool={active=").append(pool[0]).append(" idle=").append(pool[1])
          .append(" created=").append(pool[2]).append(" destroyed=").append(pool[3]).append('}');
    }
    return text.append(" processing=").append(processingMs).append("ms")
        .append(" delay=").append(delayMs).append("ms").toString();
  }

  /** Tracks the scheduling delay; returns a warning while it has grown for several batches. */
  String delayWarning(long delayMs) {
    risingBatches = lastDelayMs >= 0 && delayMs > lastDelayMs ? risingBatches + 1 : 0;
    lastDelayMs = delayMs;
    if (risingBatches >= GROWTH_WARN_BATCHES && delayMs > batchMs) {
      return "scheduling delay has grown for " + risingBatches + " batches to " + delayMs
          + "ms (batch interval " + batchMs + "ms): the job is falling behind its input";
    }
    return null;
  }

  private static long millis(Option<Object> value) {
    return value.isDefined() ? ((Number) value.get()).longValue() : -1;
  }
}
