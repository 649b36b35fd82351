package dev.tally.checkpointed;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver at each batch: stamps every key's batch metric with the batch time. Java's
 * {@code updateStateByKey} does not pass the time to the update function, and first/last-seen
 * need it.
 */
public final class StampBatchTime
    implements Function2<JavaPairRDD<String, Metric>, Time, JavaPairRDD<String, TotalState>> {
  private static final long serialVersionUID = 1L;

  @Override
  public JavaPairRDD<String, TotalState> call(JavaPairRDD<String, Metric> batch, Time time) {
    return batch.mapValues(new TotalOfBatch(time.milliseconds()));
  }
}
