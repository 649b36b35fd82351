package dev.tally.runtime;

import dev.tally.drill.CrashPoints;
import dev.tally.input.InputSource;
import dev.tally.sink.Sink;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * What a start of Tally holds on the driver beside its streaming context: the sink results go to,
 * the figures of each batch (for the health line, and for not storing offsets after a failed output),
 * and the crash points a drill armed. Created by {@link #start}, the one start-up method that the
 * process ({@code Tally}), the test harness and the bench call before they build or recover a
 * context; the graph is built with what it holds (the stored totals and offsets), passed to it.
 *
 * <p>The sink and the crash points are runtime configuration, read fresh at every start. The outputs
 * kept in the checkpoint cannot capture them: they are deserialized from the checkpoint on recovery,
 * so they look the runtime up at each batch, on the driver, with {@link #current()}.
 */
public final class DriverRuntime {
  /**
   * The runtime of the context that runs now: the one driver-side registry, set only by {@link #start}
   * before a context is created or recovered, and read only by the checkpointed outputs while a batch
   * runs. A static because those outputs come back from the checkpoint, where no reference to a
   * runtime can be kept (a connection pool is not serializable, and a kept sink would freeze it).
   */
  private static volatile DriverRuntime current;

  private final Sink sink;
  private final BatchFigures figures = new BatchFigures();
  private final CrashPoints crashPoints;
  /** The checkpoint's record of batches that closed every event-time window; none until a context has one. */
  private volatile ClosingBatches closingBatches;
  /** Set for a run until caught up ({@code --until-caught-up}) only. */
  private volatile UntilCaughtUp untilCaughtUp;

  private DriverRuntime(Sink sink, CrashPoints crashPoints) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.crashPoints = Objects.requireNonNull(crashPoints, "crashPoints");
  }

  /**
   * The start-up: a runtime writing to {@code sink}, with new batch figures and the crash points this
   * JVM's system properties arm, made the current one. Call it before the context is created or
   * recovered (outputs of a recovered context run as soon as it starts).
   */
  public static DriverRuntime start(Sink sink) {
    return start(sink, CrashPoints.fromSystemProperties());
  }

  /** The same with the given crash points. */
  public static DriverRuntime start(Sink sink, CrashPoints crashPoints) {
    DriverRuntime runtime = new DriverRuntime(sink, crashPoints);
    current = runtime;
    return runtime;
  }

  /**
   * The runtime of the running context, for the outputs kept in the checkpoint, at each batch on the
   * driver. Nothing else reads it: the graph is built with the runtime it is given.
   */
  public static DriverRuntime current() {
    DriverRuntime runtime = current;
    if (runtime == null) {
      throw new IllegalStateException("no driver runtime: DriverRuntime.start must run before the streaming context");
    }
    return runtime;
  }

  public Sink sink() {
    return sink;
  }

  public BatchFigures figures() {
    return figures;
  }

  /** The driver's crash points (executors read their own: {@link CrashPoints#ofThisJvm()}). */
  public CrashPoints crashPoints() {
    return crashPoints;
  }

  /**
   * Watches the context of this start, before it starts: the health line, and the same figures as a
   * source in the driver's metrics system (registered directly, not through {@code spark.plugins}: a
   * recovered context takes its Spark settings from the checkpoint, so a plugin setting would not reach
   * jobs created before it, and this way the source belongs to this runtime, not to a static).
   */
  public BatchHealthListener watch(JavaStreamingContext jssc) {
    return watch(jssc, List.of());
  }

  /**
   * The same, with the records behind of the inputs that can tell where their partitions end (Kafka):
   * their clients are created on the first question and closed when the application ends.
   */
  public BatchHealthListener watch(JavaStreamingContext jssc, List<InputSource> inputs) {
    BatchHealthListener health = new BatchHealthListener(jssc.ssc().graph().batchDuration().milliseconds(), figures);
    for (InputSource input : inputs) {
      input.endOffsets().ifPresent(health::watchRecordsBehind);
    }
    jssc.addStreamingListener(health);
    jssc.sparkContext().sc().addSparkListener(new SparkListener() {
      @Override
      public void onApplicationEnd(SparkListenerApplicationEnd end) {
        health.close();
      }
    });
    jssc.sparkContext().sc().env().metricsSystem().registerSource(health.metrics());
    return health;
  }

  /**
   * The record of batches that closed every window, of the checkpoint this start created or recovered:
   * set before the context starts, since a recovered context re-runs its pending batches at once.
   */
  public void useClosingBatches(ClosingBatches batches) {
    this.closingBatches = batches;
  }

  /** Makes this start a run until caught up: before the context starts. */
  public void runUntilCaughtUp(UntilCaughtUp run) {
    this.untilCaughtUp = run;
  }

  public Optional<UntilCaughtUp> untilCaughtUp() {
    return Optional.ofNullable(untilCaughtUp);
  }

  /**
   * While batch {@code batchTimeMs} is created (on the driver, before any of its outputs runs): whether
   * it closes every event-time window. A batch that did so when it first ran does so again when re-run;
   * otherwise only a run until caught up decides it, for its own batches, and the decision is recorded
   * in the checkpoint before it is used.
   */
  public boolean closesEveryWindow(long batchTimeMs, RDD<?> batch) {
    ClosingBatches closing = closingBatches;
    if (closing == null) {
      return false;
    }
    if (closing.closedEveryWindow(batchTimeMs)) {
      return true;
    }
    UntilCaughtUp run = untilCaughtUp;
    if (run == null || !run.decides(batchTimeMs)
        || !run.closesEveryWindow(batchTimeMs, UntilCaughtUp.untilOffsetsIn(batch))) {
      return false;
    }
    closing.record(batchTimeMs);
    return true;
  }

  /** After batch {@code batchTimeMs} stored its Kafka offsets, once all its results were written. */
  public void offsetsStored(long batchTimeMs, OffsetRange[] ranges) {
    UntilCaughtUp run = untilCaughtUp;
    if (run != null) {
      run.offsetsStored(batchTimeMs, UntilCaughtUp.untilOffsets(Arrays.asList(ranges)));
    }
  }

  /** After the last output of batch {@code batchTimeMs}: a run until caught up may be at its end. */
  public void batchDone(long batchTimeMs) {
    UntilCaughtUp run = untilCaughtUp;
    if (run != null && !figures.anyOutputFailed()) {
      run.batchDone(batchTimeMs);
    }
  }

  /** After a write of the batch: the sink's connection pool figures, for the health line. */
  public void wrote(long batchTimeMs) {
    figures.pool(batchTimeMs, sink.poolFigures());
  }

  @Override
  public String toString() {
    return "runtime(" + sink + ")";
  }
}
