package dev.tally.fn;

import dev.tally.model.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The reduce side of the per-batch aggregate: sums, per key, the partials that arrive in one
 * partition after the shuffle. Each input partition already combined its lines into one partial per
 * key, so a key arrives here at most once per input partition.
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
