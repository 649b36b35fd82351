package dev.tally.bench.streaming;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;

/**
 * A sink that computes every row it is handed and stores none (a Spark {@code count}): the graph's
 * whole cost without a database, for comparisons with Structured Streaming's {@code noop} sink.
 */
public final class CountingSink implements Sink {
  @Override
  public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
    return rows.count();
  }

  @Override
  public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    return changed.count();
  }

  @Override
  public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
    return count;
  }
}
