package dev.tally.bench.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * An input for the state figure: batch i (1, 2, ... on a manual clock from 0) brings {@code perBatch}
 * keys never seen before while i <= {@code growthBatches}, then nothing, so that the running totals
 * grow to growthBatches x perBatch keys and then lose them to the TTL, oldest first. Part of a
 * checkpointed graph: its fields are plain values.
 */
public final class KeyRangeDStream extends InputDStream<String> {
  private static final long serialVersionUID = 1L;

  private final long perBatch;
  private final int growthBatches;
  private final int partitions;

  public KeyRangeDStream(StreamingContext ssc, long perBatch, int growthBatches, int partitions) {
    super(ssc, ClassTag$.MODULE$.apply(String.class));
    this.perBatch = perBatch;
    this.growthBatches = growthBatches;
    this.partitions = partitions;
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public Option<RDD<String>> compute(Time validTime) {
    long batch = validTime.milliseconds() / slideDuration().milliseconds();
    List<KeyRange> ranges = new ArrayList<>(partitions);
    if (batch >= 1 && batch <= growthBatches) {
      long first = (batch - 1) * perBatch;
      for (int p = 0; p < partitions; p++) {
        ranges.add(new KeyRange(first + perBatch * p / partitions, first + perBatch * (p + 1) / partitions));
      }
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(context().sparkContext());
    return Option.apply(sc.parallelize(ranges, partitions).flatMap(new KeyRangeLines()).rdd());
  }
}
