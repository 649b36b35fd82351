package dev.tally.runtime;

import dev.tally.eventtime.Watermark;
import dev.tally.input.EndOffsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.OutputOperationInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchSubmitted;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.apache.spark.streaming.scheduler.StreamInputInfo;
import org.apache.spark.streaming.scheduler.StreamingListenerOutputOperationCompleted;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The health line: one line per completed batch of stable {@code key=value} pairs (lines in, rejects,
 * rows out per window and for totals, pool figures, failed outputs, processing time and scheduling
 * delay; README, "The health line", documents each field), for people and for {@code grep}, {@code awk}
 * and log shippers. While the scheduling delay keeps growing (the job is falling behind its input) a
 * warning; while a backlog of batches is worked through (after downtime), a summary every few seconds
 * instead ({@link CatchUp}). Registered at every start, never kept in the checkpoint.
 */
public final class BatchHealthListener implements StreamingListener, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger("dev.tally.health");
  /** Always with milliseconds and in UTC: the same width on every line, and sortable as text. */
  private static final DateTimeFormatter BATCH_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Consecutive batches of rising delay, above one batch interval, before warning. */
  static final int GROWTH_WARN_BATCHES = 5;
  /** How often a catch-up says how far it has come. */
  static final long CATCH_UP_REPORT_MS = 5_000;

  private final long batchMs;
  private final BatchFigures figures;
  private final CatchUp catchUp;
  private final TallyMetrics metrics;
  private long lastDelayMs = -1;
  private int risingBatches;
  private final AtomicLong failedOutputs = new AtomicLong();
  private volatile RecordsBehindGauges recordsBehind;

  public BatchHealthListener(long batchMs, BatchFigures figures) {
    this(batchMs, figures, System::currentTimeMillis);
  }

  BatchHealthListener(long batchMs, BatchFigures figures, LongSupplier clockMs) {
    this.batchMs = batchMs;
    this.figures = figures;
    this.catchUp = new CatchUp(CATCH_UP_REPORT_MS, clockMs);
    this.metrics = new TallyMetrics(catchUp::waiting);
  }

  /** Also figures the records behind of the Kafka partitions read, with where they end ({@code records_behind.<topic>}). */
  void watchRecordsBehind(EndOffsets endOffsets) {
    recordsBehind = new RecordsBehindGauges(metrics, endOffsets);
  }

  /** Stops asking for end offsets and closes their client (at the end of the application). */
  @Override
  public void close() {
    if (recordsBehind != null) {
      recordsBehind.close();
    }
  }

  /**
   * Where a batch's Kafka reads ended, per partition (exclusive): the direct stream reports its offset
   * ranges with the batch's input figures ("offsets"); empty without Kafka input, or for a batch
   * restored from the checkpoint, which reports none.
   */
  static Map<TopicPartition, Long> kafkaReadUntil(BatchInfo info) {
    Map<TopicPartition, Long> readUntil = new HashMap<>();
    for (StreamInputInfo input : JavaConverters.asJavaCollection(info.streamIdToInputInfo().values())) {
      Option<Object> offsets = input.metadata().get("offsets");
      if (offsets.isDefined() && offsets.get() instanceof scala.collection.Iterable<?> ranges) {
        for (Object range : JavaConverters.asJavaIterable(ranges)) {
          if (range instanceof OffsetRange read) {
            readUntil.merge(read.topicPartition(), read.untilOffset(), Math::max);
          }
        }
      }
    }
    return readUntil;
  }

  /** The same figures as a source for Spark's metrics system. */
  public TallyMetrics metrics() {
    return metrics;
  }

  @Override
  public void onOutputOperationCompleted(StreamingListenerOutputOperationCompleted completed) {
    if (completed.outputOperationInfo().failureReason().isDefined()) {
      failedOutputs.incrementAndGet();
      LOG.error("batch output failed: {} ({})", completed.outputOperationInfo().name(),
          completed.outputOperationInfo().failureReason().get().lines().findFirst().orElse(""));
    }
  }

  /** Output operations that failed since start: a stop after failures is not a clean stop. */
  public long failedOutputs() {
    return failedOutputs.get();
  }

  /**
   * The oldest batch this listener saw submitted and not completed ({@link Long#MAX_VALUE}: none): every
   * batch before it that ran in this start has completed, since batches complete in order.
   */
  public long oldestUnfinishedBatchMs() {
    return catchUp.oldestWaiting();
  }

  @Override
  public void onBatchSubmitted(StreamingListenerBatchSubmitted submitted) {
    catchUp.submitted(submitted.batchInfo().batchTime().milliseconds());
  }

  @Override
  public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
    BatchInfo info = completed.batchInfo();
    long batchTime = info.batchTime().milliseconds();
    BatchFigures.OfBatch stats = figures.take(batchTime);
    long processing = millis(info.processingDelay());
    long delay = millis(info.schedulingDelay());
    int failed = failedOutputsOf(info);
    LOG.info(line(batchTime, stats, failed, processing, delay));
    metrics.batchCompleted(batchTime, stats, failed, processing, delay);
    if (recordsBehind != null) {
      recordsBehind.batchRead(kafkaReadUntil(info));
    }
    Optional<CatchUp.Report> report = catchUp.completed(batchTime, delay);
    report.ifPresent(r -> {
      if (r.fallingBehind()) {
        LOG.warn(r.line());
      } else {
        LOG.info(r.line());
      }
    });
    String warning = delayWarning(delay);
    if (warning != null && !catchUp.behind() && report.isEmpty()) {
      LOG.warn(warning);
    }
  }

  /** The health line of a batch (README, "The health line": the fields are a contract). */
  static String line(long batchTime, BatchFigures.OfBatch stats, int failedOutputs, long processingMs, long delayMs) {
    StringBuilder text = new StringBuilder("batch_time=").append(batchTime(batchTime))
        .append(" lines=").append(stats.lines())
        .append(" rejects=").append(stats.rejects());
    for (Map.Entry<String, Long> window : stats.windowRows().entrySet()) {
      text.append(" window_rows.").append(window.getKey()).append('=').append(window.getValue());
    }
    if (stats.totalRows() >= 0) {
      text.append(" total_rows=").append(stats.totalRows());
    }
    if (stats.watermarkMs() != Watermark.NONE) {
      text.append(" watermark=").append(batchTime(stats.watermarkMs()))
          .append(" watermark_age_ms=").append(batchTime - stats.watermarkMs());
    }
    long[] pool = stats.pool();
    if (pool != null) {
      text.append(" pool_active=").append(pool[0]).append(" pool_idle=").append(pool[1])
          .append(" pool_created=").append(pool[2]).append(" pool_destroyed=").append(pool[3]);
    }
    return text.append(" failed_outputs=").append(failedOutputs)
        .append(" processing_ms=").append(processingMs)
        .append(" scheduling_delay_ms=").append(delayMs).toString();
  }

  /** A batch time as the health line writes it: ISO-8601 in UTC, with milliseconds. */
  static String batchTime(long batchTimeMs) {
    return BATCH_TIME.format(Instant.ofEpochMilli(batchTimeMs));
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

  private static int failedOutputsOf(BatchInfo info) {
    int failed = 0;
    for (OutputOperationInfo output : JavaConverters.asJavaCollection(info.outputOperationInfos().values())) {
      if (output.failureReason().isDefined()) {
        failed++;
      }
    }
    return failed;
  }

  private static long millis(Option<Object> value) {
    return value.isDefined() ? ((Number) value.get()).longValue() : -1;
  }
}
