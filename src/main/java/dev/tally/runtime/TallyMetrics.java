package dev.tally.runtime;

import dev.tally.eventtime.Watermark;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.metrics.source.Source;

/**
 * Tally's figures in Spark's metrics system: a metrics source named {@value #SOURCE_NAME} on the
 * driver, so that every configured sink (the Prometheus endpoint, JMX, Graphite, CSV) reports them
 * beside Spark's own, as {@code <namespace>.driver.TallyMetrics.<metric>}. Named like Spark's own sources
 * ({@code DAGScheduler}, {@code <app>.StreamingMetrics}), not after the application: with the name
 * {@code tally} and an application named tally, Spark's streaming metrics would start with Tally's prefix. Counters add up every batch since
 * this start; gauges hold the last completed batch's figures. Filled by {@link BatchHealthListener}
 * from the same figures as the health line (README, "Metrics", lists them).
 *
 * <p>Connection pools live on the executors; each write carries its JVM's pool figures back to the
 * driver (an accumulator, summed per JVM by the JDBC sink, as for the health line), so the driver's
 * source shows them and no executor-side source is needed.
 */
public final class TallyMetrics implements Source {
  public static final String SOURCE_NAME = "TallyMetrics";

  private final MetricRegistry registry = new MetricRegistry();
  private final Counter batches = registry.counter("batches");
  private final Counter lines = registry.counter("lines");
  private final Counter rejects = registry.counter("rejects");
  private final Counter totalRows = registry.counter("total_rows");
  private final Counter failedOutputs = registry.counter("failed_outputs");
  private volatile long lastBatchTimeMs;
  private volatile long processingMs;
  private volatile long schedulingDelayMs;
  private volatile long watermarkAgeMs = -1;
  private volatile long[] pool; // active, idle, created, destroyed; null until a pooled sink wrote

  TallyMetrics(LongSupplier batchesWaiting) {
    registry.register("last_batch_time_ms", (Gauge<Long>) () -> lastBatchTimeMs);
    registry.register("processing_ms", (Gauge<Long>) () -> processingMs);
    registry.register("scheduling_delay_ms", (Gauge<Long>) () -> schedulingDelayMs);
    registry.register("batches_waiting", (Gauge<Long>) batchesWaiting::getAsLong);
  }

  @Override
  public String sourceName() {
    return SOURCE_NAME;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }

  /** A completed batch's figures, as its health line reports them. */
  void batchCompleted(long batchTimeMs, BatchFigures.OfBatch stats, int failed, long processing, long delay) {
    batches.inc();
    lines.inc(stats.lines());
    rejects.inc(stats.rejects());
    for (Map.Entry<String, Long> window : stats.windowRows().entrySet()) {
      // One counter per window, created when it first slides: "window_rows.30s/10s".
      registry.counter("window_rows." + window.getKey()).inc(window.getValue());
    }
    totalRows.inc(Math.max(0, stats.totalRows()));
    failedOutputs.inc(failed);
    lastBatchTimeMs = batchTimeMs;
    if (stats.watermarkMs() != Watermark.NONE) {
      if (watermarkAgeMs < 0) {
        gauge("watermark_age_ms", () -> watermarkAgeMs);
      }
      watermarkAgeMs = batchTimeMs - stats.watermarkMs();
    }
    processingMs = processing;
    schedulingDelayMs = delay;
    long[] figures = stats.pool();
    if (figures != null) {
      if (pool == null) {
        registerPoolGauges();
      }
      pool = figures;
    }
  }

  /** A gauge registered once under {@code name} (a later registration of the name keeps the first). */
  synchronized void gauge(String name, Gauge<Long> gauge) {
    if (!registry.getGauges().containsKey(name)) {
      registry.register(name, gauge);
    }
  }

  private synchronized void registerPoolGauges() {
    if (pool != null || registry.getGauges().containsKey("pool_active")) {
      return;
    }
    String[] names = {"pool_active", "pool_idle", "pool_created", "pool_destroyed"};
    for (int i = 0; i < names.length; i++) {
      int index = i;
      registry.register(names[i], (Gauge<Long>) () -> {
        long[] p = pool;
        return p == null ? 0 : p[index];
      });
    }
  }
}
