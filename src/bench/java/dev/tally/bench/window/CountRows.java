package dev.tally.bench.window;

import dev.tally.model.Metric;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver each batch: computes the RDD's rows (a count), as a sink would read them, for
 * batch times after {@code afterMs} up to {@code untilMs}; other batches are left uncomputed.
 */
public final class CountRows implements VoidFunction2<JavaPairRDD<String, Metric>, Time> {
  private static final long serialVersionUID = 2L;

  private final long afterMs;
  private final long untilMs;

  public CountRows(long afterMs, long untilMs) {
    this.afterMs = afterMs;
    this.untilMs = untilMs;
  }

  /** Every batch. */
  public static CountRows always() {
    return new CountRows(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public void call(JavaPairRDD<String, Metric> rows, Time time) {
    if (time.milliseconds() > afterMs && time.milliseconds() <= untilMs) {
      rows.count();
    }
  }
}
