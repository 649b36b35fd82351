package dev.tally.bench.streaming;

import dev.tally.bench.BenchContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.util.ManualClock;

/**
 * One DStream context on the harness's shared local[2] Spark context, with a checkpoint directory
 * of its own and a {@link BatchRecorder}: built by a figure, started, measured, stopped (the Spark
 * context stays for the next one). With {@code manualClock} the figure drives batches back to back
 * with {@link #runBatch()}; otherwise batches come every interval of wall time, as in production.
 */
public final class StreamingRun implements AutoCloseable {
  private static final String CLOCK = "spark.streaming.clock";
  private static final long BATCH_TIMEOUT_MS = 600_000;

  private final JavaStreamingContext jssc;
  private final BatchRecorder recorder = new BatchRecorder();
  private final Path checkpointDir;
  private final long batchMs;
  private final boolean manualClock;
  private boolean started;

  public StreamingRun(BenchContext context, long batchMs, boolean manualClock) {
    this.batchMs = batchMs;
    this.manualClock = manualClock;
    JavaSparkContext sc = context.spark();
    // The streaming scheduler reads its clock class from the live Spark settings when the context
    // is constructed; the setting is removed again at once, so later contexts use wall time.
    SparkConf live = sc.sc().conf();
    if (manualClock) {
      live.set(CLOCK, ManualClock.class.getName());
    }
    try {
      this.jssc = new JavaStreamingContext(sc, new Duration(batchMs));
    } finally {
      live.remove(CLOCK);
    }
    try {
      this.checkpointDir = Files.createTempDirectory("tally-bench-checkpoint");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jssc.checkpoint(checkpointDir.toString());
    jssc.addStreamingListener(recorder);
  }

  public JavaStreamingContext jssc() {
    return jssc;
  }

  public BatchRecorder recorder() {
    return recorder;
  }

  public long batchMs() {
    return batchMs;
  }

  public StreamingRun start() {
    jssc.start();
    started = true;
    return this;
  }

  /** Manual clock only: advances one batch interval and waits until that batch completed. */
  public BatchTimes runBatch() throws InterruptedException {
    if (!manualClock) {
      throw new IllegalStateException("not on a manual clock");
    }
    ManualClock clock = (ManualClock) jssc.ssc().scheduler().clock();
    clock.advance(batchMs);
    return recorder.await(clock.getTimeMillis(), BATCH_TIMEOUT_MS);
  }

  /** Stops the streaming context without waiting for queued batches; cancels what still runs. */
  @Override
  public void close() {
    JavaSparkContext sc = jssc.sparkContext();
    try {
      if (started) {
        jssc.stop(false, false);
      }
      sc.cancelAllJobs();
      // A stopped streaming context leaves its last batches' RDDs cached in the shared Spark context:
      // runs one after another on it would pile them up.
      for (org.apache.spark.rdd.RDD<?> rdd : scala.collection.JavaConverters.mapAsJavaMap(sc.sc().getPersistentRDDs())
          .values()) {
        rdd.unpersist(true);
      }
    } catch (RuntimeException | Error e) {
      // After an OutOfMemoryError the stop rethrows the very same error object: thrown from here it
      // would replace the run's own failure ("Self-suppression not permitted").
      System.err.println("bench: stopping the streaming context failed: " + e);
    }
    deleteQuietly(checkpointDir);
  }

  public static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
