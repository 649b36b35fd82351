package dev.tally.sink;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

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

  /**
   * The event-time window rows this batch changed, and once more, final, those the watermark closed
   * in it ({@code --event-window}).
   */
  default long writeEventWindows(MetricSchema schema, Time batchTime, JavaRDD<EventWindowRow> rows) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not write event-time windows");
  }

  /** The running totals that changed in this batch. */
  long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed);

  /** The batch's rejects; {@code count} of them, more than zero. */
  long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count);

  /**
   * Stores how far a batch read its Kafka partitions, after all its other outputs succeeded, in one
   * transaction; with each range and the checkpoint's origin, as the batch's rows of a ledger that
   * an audit replays. Sinks that cannot keep offsets ignore them.
   */
  default void storeOffsets(String group, Time batchTime, List<SourceOffset> offsets) {}

  /** The offsets stored for {@code group}, to resume from when there is no checkpoint. */
  default List<SourceOffset> storedOffsets(String group) {
    return List.of();
  }

  /**
   * The connection pool figures {active, idle, created, destroyed} summed over the JVMs that wrote,
   * as of the last write; null for a sink without a pool.
   */
  default long[] poolFigures() {
    return null;
  }

  /** The running totals stored by an earlier run, to seed a new checkpoint's state. */
  default List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
    return List.of();
  }
}
