package dev.tally.checkpointed;

import dev.tally.model.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Sums, per key, the partial metrics of one partition: after {@link SumPartialsByKey}'s shuffle, the
 * partials of a batch's input partitions (each already one per key); in place, the per-batch
 * aggregates of a slide or the slices of a window (each one per key). A key therefore arrives once per
 * contributing partial, and leaves once.
 */
public final class MergePartials implements PairFlatMapFunction<Iterator<Tuple2<String, Metric>>, String, Metric> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Tuple2<String, Metric>> call(Iterator<Tuple2<String, Metric>> partials) {
    Map<String, Metric> sums = new HashMap<>();
    while (partials.hasNext()) {
      Tuple2<String, Metric> partial = partials.next();
      Metric before = sums.get(partial._1());
      sums.put(partial._1(), before == null ? partial._2() : before.plus(partial._2()));
    }
    List<Tuple2<String, Metric>> merged = new ArrayList<>(sums.size());
    for (Map.Entry<String, Metric> sum : sums.entrySet()) {
      merged.add(new Tuple2<>(sum.getKey(), sum.getValue()));
    }
    return merged.iterator();
  }
}
