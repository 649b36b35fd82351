package dev.tally.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What a figure gets from the harness: the run's mode and machine, the figures this run finished
 * before it, and one Spark context on local[2], created on first use (a JVM holds one at a time) and
 * stopped when the run ends.
 */
public final class BenchContext implements AutoCloseable {
  public static final String MASTER = "local[2]";
  /** The worker threads of {@link #MASTER}: what "per core" divides by. */
  public static final int CORES = 2;

  private final boolean quick;
  private final Machine machine;
  private final Map<String, FigureResult> finished = new LinkedHashMap<>();
  private JavaSparkContext spark;

  public BenchContext(boolean quick, Machine machine) {
    this.quick = quick;
    this.machine = machine;
  }

  /** A smoke run of seconds: fewer rows, fewer repetitions; its figures only show that it works. */
  public boolean quick() {
    return quick;
  }

  public Machine machine() {
    return machine;
  }

  /** Records a figure this run measured, for later figures that set their series beside it. */
  public void finished(FigureResult result) {
    finished.put(result.id(), result);
  }

  /** Figure {@code id} as this run measured it, when it ran before. */
  public Optional<FigureResult> finished(String id) {
    return Optional.ofNullable(finished.get(id));
  }

  public synchronized JavaSparkContext spark() {
    if (spark == null) {
      SparkConf conf = new SparkConf()
          .setMaster(MASTER)
          .setAppName("tally-bench")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1");
      spark = new JavaSparkContext(conf);
    }
    return spark;
  }

  /**
   * Stops the Spark context; the next figure gets a new one. After a figure failed (an
   * OutOfMemoryError leaves Spark's threads dead) a stop may fail too: that is reported, not thrown,
   * so that it neither hides the figure's own error nor stops the figures after it.
   */
  @Override
  public synchronized void close() {
    if (spark != null) {
      try {
        spark.stop();
      } catch (RuntimeException | Error e) {
        System.err.println("bench: stopping the Spark context failed: " + e);
      }
      spark = null;
    }
  }
}
