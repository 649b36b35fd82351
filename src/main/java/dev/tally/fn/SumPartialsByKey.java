package dev.tally.fn;

import dev.tally.model.Metric;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function;

/**
 * The per-batch aggregate of a batch's partials: one shuffle into {@code partitions} hash partitions,
 * then {@link MergePartials}. Not {@code reduceByKey}: its map-side combine would redo what each input
 * partition already did, and both of its sides keep size-sampled maps whose sampling was the largest
 * single cost of a batch in a profile (bench, figure 1). A plain {@code partitionBy} shuffle sorts
 * nothing and samples nothing.
 */
public final class SumPartialsByKey implements Function<JavaPairRDD<String, Metric>, JavaPairRDD<String, Metric>> {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  public SumPartialsByKey(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public JavaPairRDD<String, Metric> call(JavaPairRDD<String, Metric> partials) {
    return partials.partitionBy(new HashPartitioner(partitions)).mapPartitionsToPair(new MergePartials(), true);
  }
}
