package dev.tally.checkpointed;

import dev.tally.eventtime.BatchEventTime;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.runtime.DriverRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/**
 * Runs on the driver at each batch: the largest event time of each partition of the batch's parse pass,
 * under {@link #KEY}, for the watermark's state. A batch without events still gives one record, so that
 * the watermark has a value every batch; a batch that closes every window (the end of a run until caught
 * up, decided by the driver's runtime while the batch is created) gives one more that says so.
 */
public final class BatchMaxEventTime implements Function2<JavaRDD<PartitionOutput>, Time, JavaPairRDD<String, BatchEventTime>> {
  private static final long serialVersionUID = 1L;

  /** The watermark stream's only key. */
  public static final String KEY = "watermark";

  @Override
  public JavaPairRDD<String, BatchEventTime> call(JavaRDD<PartitionOutput> parsed, Time time) {
    JavaPairRDD<String, BatchEventTime> maxima = parsed.flatMapToPair(new MaxOfPartition());
    List<Tuple2<String, BatchEventTime>> fromDriver = new ArrayList<>(2);
    fromDriver.add(new Tuple2<>(KEY, BatchEventTime.max(PartitionCounts.NO_EVENT_TIME)));
    // Looked up at each batch: this function comes from the checkpoint.
    if (DriverRuntime.current().closesEveryWindow(time.milliseconds(), parsed.rdd())) {
      fromDriver.add(new Tuple2<>(KEY, BatchEventTime.closesEveryWindow()));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(parsed.context());
    return maxima.union(sc.parallelizePairs(fromDriver, 1));
  }

  /** Runs on executors: a partition's largest event time, from its counts. */
  public static final class MaxOfPartition implements PairFlatMapFunction<PartitionOutput, String, BatchEventTime> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Tuple2<String, BatchEventTime>> call(PartitionOutput out) {
      return out instanceof PartitionCounts c
          ? Collections.singletonList(new Tuple2<>(KEY, BatchEventTime.max(c.maxEventTimeMs()))).iterator()
          : Collections.emptyIterator();
    }
  }
}
