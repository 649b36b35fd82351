package dev.tally.checkpointed;

import dev.tally.model.EventWindowKey;
import dev.tally.model.KeyedWindowMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionOutput;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/** Keeps the per-(key, event-time window) partials of a partition's output, as pairs. */
public final class SelectWindowMetrics implements PairFlatMapFunction<PartitionOutput, EventWindowKey, Metric> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Tuple2<EventWindowKey, Metric>> call(PartitionOutput out) {
    return out instanceof KeyedWindowMetric k
        ? Collections.singletonList(new Tuple2<>(k.window(), k.metric())).iterator()
        : Collections.emptyIterator();
  }
}
