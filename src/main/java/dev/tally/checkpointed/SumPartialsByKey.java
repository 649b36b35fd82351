package dev.tally.checkpointed;

import dev.tally.model.Metric;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function;

/**
 * Sums partial metrics by key into {@code partitions} hash partitions: the per-batch aggregate of the
 * partitions' partials, a slide's slice of its batches, a window of its slices. An RDD already
 * hash-partitioned that way (a union of such aggregates is) is merged where it lies; any other is
 * shuffled there first, then merged by {@link MergePartials}.
 *
 * <p>Not {@code reduceByKey}, nor the plain {@code reduceByKeyAndWindow} (a window, then
 * {@code reduceByKey}): the map-side combine would redo what each input partition already did, and
 * Spark's combining maps sample their own size as they grow. In a profile of a batch (bench, figure 1)
 * that sampling was the largest single cost; a plain shuffle and a HashMap merge do none of it.
 */
public final class SumPartialsByKey implements Function<JavaPairRDD<String, Metric>, JavaPairRDD<String, Metric>> {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  public SumPartialsByKey(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public JavaPairRDD<String, Metric> call(JavaPairRDD<String, Metric> partials) {
    HashPartitioner target = new HashPartitioner(partitions);
    boolean inPlace = partials.partitioner().isPresent() && partials.partitioner().get().equals(target);
    return (inPlace ? partials : partials.partitionBy(target)).mapPartitionsToPair(new MergePartials(), true);
  }
}
