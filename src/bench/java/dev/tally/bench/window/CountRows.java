package dev.tally.bench.window;

import dev.tally.model.Metric;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver each batch: computes the RDD's rows (a count), as a sink would read them, from
 * batch time {@code afterMs} on (earlier batches are left uncomputed).
 */
public final class CountRows implements VoidFunction2<JavaPairRDD<String, Metric>, Time> {
  private static final long serialVersionUID = 2L;

  private final long afterMs;

  public CountRows(long afterMs) {
    this.afterMs = afterMs;
  }

  @Override
  public void call(JavaPairRDD<String, Metric> rows, Time time) {
    if (time.milliseconds() > afterMs) {
      rows.count();
    }
  }
}
