package dev.tally.bench.window;

import dev.tally.model.Metric;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction;

/** Runs on the driver at each slide: computes the window's rows (a count), as a sink would read them. */
public final class CountRows implements VoidFunction<JavaPairRDD<String, Metric>> {
  private static final long serialVersionUID = 1L;

  @Override
  public void call(JavaPairRDD<String, Metric> rows) {
    rows.count();
  }
}
