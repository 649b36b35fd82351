package dev.tally.checkpointed;

import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Runs on the driver at each batch: the largest event time of the batch's parse pass as one record
 * under {@link #KEY}, for the watermark's state. A batch without events still gives one record, so that
 * the watermark has a value every batch.
 */
public final class BatchMaxEventTime implements Function<JavaRDD<PartitionOutput>, JavaPairRDD<String, Long>> {
  private static final long serialVersionUID = 1L;

  /** The watermark stream's only key. */
  public static final String KEY = "watermark";

  @Override
  public JavaPairRDD<String, Long> call(JavaRDD<PartitionOutput> parsed) {
    JavaPairRDD<String, Long> maxima = parsed.flatMapToPair(new MaxOfPartition());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(parsed.context());
    return maxima.union(sc.parallelizePairs(List.of(new Tuple2<>(KEY, PartitionCounts.NO_EVENT_TIME)), 1));
  }

  /** Runs on executors: a partition's largest event time, from its counts. */
  public static final class MaxOfPartition implements PairFlatMapFunction<PartitionOutput, String, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Tuple2<String, Long>> call(PartitionOutput out) {
      return out instanceof PartitionCounts c
          ? Collections.singletonList(new Tuple2<>(KEY, c.maxEventTimeMs())).iterator()
          : Collections.emptyIterator();
    }
  }
}
