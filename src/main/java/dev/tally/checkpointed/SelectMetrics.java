package dev.tally.checkpointed;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionOutput;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/** Keeps the per-key partials of a partition's output, as pairs for {@code reduceByKey}. */
public final class SelectMetrics implements PairFlatMapFunction<PartitionOutput, String, Metric> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Tuple2<String, Metric>> call(PartitionOutput out) {
    return out instanceof KeyedMetric k
        ? Collections.singletonList(new Tuple2<>(k.key(), k.metric())).iterator()
        : Collections.emptyIterator();
  }
}
