package dev.tally.testing;

import dev.tally.checkpoint.CheckpointedContext;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tally.checkpoint.GraphFactory;
import dev.tally.config.GraphSettings;
import dev.tally.input.InputSource;
import dev.tally.runtime.BatchHealthListener;
import dev.tally.runtime.ClosingBatches;
import dev.tally.runtime.DriverRuntime;
import dev.tally.sink.Sink;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.util.ManualClock;

/**
 * Runs Tally's real graph (through {@link GraphFactory} and {@code getOrCreate}, as the process does)
 * under Spark's {@link ManualClock}: each {@link #runBatch()} advances the clock by one batch and
 * returns when that batch's outputs have all completed. Outputs land in a {@link CollectingSink}.
 */
public final class StreamingHarness implements AutoCloseable {
  private static final long BATCH_TIMEOUT_S = 120;

  private final JavaStreamingContext jssc;
  private final GraphFactory factory;
  private final Sink sink;
  private final DriverRuntime runtime;
  private final List<InputSource> inputs;
  private BatchHealthListener health;
  private final BlockingQueue<Long> completed = new LinkedBlockingQueue<>();
  private final java.util.List<String> outputFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final long batchMs;
  private final Path checkpointDir;
  private boolean started;

  private StreamingHarness(Path checkpointDir, GraphSettings settings, List<InputSource> inputs, Sink sink,
      java.util.Map<String, String> extraConf) {
    this.sink = sink;
    this.inputs = inputs;
    this.checkpointDir = checkpointDir;
    this.runtime = DriverRuntime.start(sink);
    SparkConf conf = conf();
    extraConf.forEach(conf::set);
    this.factory = new GraphFactory(conf, checkpointDir.toString(), settings, inputs, runtime);
    this.jssc = CheckpointedContext.getOrCreate(checkpointDir.toString(), factory, Map.of());
    this.batchMs = jssc.ssc().graph().batchDuration().milliseconds();
    try { // as the process does after getOrCreate
      runtime.useClosingBatches(ClosingBatches.of(checkpointDir.toString(), jssc.sparkContext().hadoopConfiguration()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    jssc.addStreamingListener(new CompletionListener(completed, outputFailures));
  }

  /** A context from the checkpoint in {@code checkpointDir}, or a new one built from the settings. */
  public static StreamingHarness create(Path checkpointDir, GraphSettings settings, List<InputSource> inputs) {
    return new StreamingHarness(checkpointDir, settings, inputs, new CollectingSink(), java.util.Map.of());
  }

  /** The same, writing to {@code sink} instead of collecting. */
  public static StreamingHarness create(Path checkpointDir, GraphSettings settings, List<InputSource> inputs,
      Sink sink) {
    return new StreamingHarness(checkpointDir, settings, inputs, sink, java.util.Map.of());
  }

  /** The same, with extra Spark settings for a new context (a recovered one keeps its own). */
  public static StreamingHarness create(Path checkpointDir, GraphSettings settings, List<InputSource> inputs,
      Sink sink, java.util.Map<String, String> sparkConf) {
    return new StreamingHarness(checkpointDir, settings, inputs, sink, sparkConf);
  }

  public static SparkConf conf() {
    return new SparkConf()
        .setMaster("local[2]")
        .setAppName("tally-test")
        .set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2");
  }

  /** Adds a listener to the context; before {@link #start} to see every batch. */
  public StreamingHarness listen(org.apache.spark.streaming.scheduler.StreamingListener listener) {
    jssc.addStreamingListener(listener);
    return this;
  }

  /** Adds a listener to the Spark context (jobs and stages); before {@link #start} to see every job. */
  public StreamingHarness listen(org.apache.spark.scheduler.SparkListenerInterface listener) {
    jssc.sparkContext().sc().addSparkListener(listener);
    return this;
  }

  /** Watches the context as the process does: the health line and Tally's metrics source (before {@link #start}). */
  public StreamingHarness watchHealth() {
    health = runtime.watch(jssc, inputs);
    return this;
  }

  /** The health listener of {@link #watchHealth()}, with Tally's metrics. */
  public BatchHealthListener health() {
    return health;
  }

  /** The URL of the Spark UI, when enabled. */
  public String uiUrl() {
    return jssc.sparkContext().sc().uiWebUrl().get();
  }

  public StreamingHarness start() {
    jssc.start();
    started = true;
    return this;
  }

  /** The driver runtime of this start (a run until caught up is set on it before {@link #start}). */
  public DriverRuntime runtime() {
    return runtime;
  }

  public ManualClock clock() {
    return (ManualClock) jssc.ssc().scheduler().clock();
  }

  /** True when getOrCreate built a new context, false when it recovered one from the checkpoint. */
  public boolean createdNew() {
    return factory.wasCalled();
  }

  /** The collecting sink of a harness created without one. */
  public CollectingSink sink() {
    return (CollectingSink) sink;
  }

  public long batchMs() {
    return batchMs;
  }

  /** A Spark setting of the running context, as its next checkpoint saves it; empty when unset. */
  public String sparkSetting(String key) {
    return jssc.ssc().conf().get(key, "");
  }

  /** Waits until the batch at {@code timeMs} has completed (it may already be scheduled, as on recovery). */
  public void awaitBatch(long timeMs) {
    try {
      while (true) {
        Long done = completed.poll(BATCH_TIMEOUT_S, TimeUnit.SECONDS);
        if (done == null) {
          fail("batch " + timeMs + " did not complete within " + BATCH_TIMEOUT_S + " s");
        }
        if (done == timeMs) {
          return;
        }
        if (done > timeMs) {
          fail("batch " + done + " completed, but " + timeMs + " was awaited");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits until Spark has written the metadata checkpoint of batch {@code timeMs} (written
   * asynchronously after the batch completes), driven by file events: a stop before it would make
   * a recovery start one batch earlier.
   */
  public void awaitCheckpoint(long timeMs) {
    awaitCheckpointFile("checkpoint-" + timeMs);
  }

  /**
   * Waits until the checkpoint directory holds {@code name}; {@code checkpoint-T.bk} appears when
   * Spark writes batch T's second checkpoint, the one after the batch completed.
   */
  public void awaitCheckpointFile(String name) {
    Path file = checkpointDir.resolve(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BATCH_TIMEOUT_S);
    try (java.nio.file.WatchService watcher = checkpointDir.getFileSystem().newWatchService()) {
      checkpointDir.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      while (!java.nio.file.Files.exists(file)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("no " + name + " within " + BATCH_TIMEOUT_S + " s");
        }
        java.nio.file.WatchKey key = watcher.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Advances one batch interval and waits for that batch; returns its time. */
  public long runBatch() {
    ManualClock clock = clock();
    clock.advance(batchMs);
    long time = clock.getTimeMillis();
    awaitBatch(time);
    return time;
  }

  public void runBatches(int n) {
    for (int i = 0; i < n; i++) {
      runBatch();
    }
  }

  /** Stops without grace (a graceful stop never finishes under a ManualClock). */
  @Override
  public void close() {
    if (started) {
      jssc.stop(true, false);
    } else {
      jssc.sparkContext().stop();
    }
  }

  /** The failed outputs so far, as "batch time: output description: first line of the reason". */
  public java.util.List<String> outputFailures() {
    return java.util.List.copyOf(outputFailures);
  }

  private static final class CompletionListener implements StreamingListener {
    private final BlockingQueue<Long> completed;
    private final java.util.List<String> failures;

    CompletionListener(BlockingQueue<Long> completed, java.util.List<String> failures) {
      this.completed = completed;
      this.failures = failures;
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted event) {
      long time = event.batchInfo().batchTime().milliseconds();
      scala.collection.JavaConverters.asJavaCollection(event.batchInfo().outputOperationInfos().values()).forEach(op -> {
        if (op.failureReason().isDefined()) {
          failures.add(time + ": " + op.description() + ": " + op.failureReason().get().lines().findFirst().orElse(""));
        }
      });
      completed.add(time); // after the failures, so that a test awaiting this batch sees them
    }
  }
}
