package dev.tally.sink;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;

/**
 * Where results go. Called on the driver, inside the batch's output jobs, with the batch's RDDs; an
 * implementation decides how to move them (print a summary, write partitions to a database). Each
 * method returns the number of rows it wrote, for the batch health line. A method that throws fails
 * the batch: the driver exits non-zero and the batch is re-run after restart, so writes must be
 * idempotent per batch time.
 */
public interface Sink {
  /** The rows of one window at one of its slides (keys whose window value is zero are already gone). */
  long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows);

  /** The running totals that changed in this batch. */
  long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed);

  /** The batch's rejects; {@code count} of them, more than zero. */
  long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count);
}
