package dev.tally.sink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * A row count and the best {@code limit} rows, computed per partition and merged on the driver, so a
 * console summary costs one Spark job instead of a count plus a takeOrdered.
 */
final class TopRows<V> implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private final List<Tuple2<String, V>> best;

  private TopRows(long count, List<Tuple2<String, V>> best) {
    this.count = count;
    this.best = best;
  }

  long count() {
    return count;
  }

  List<Tuple2<String, V>> best() {
    return best;
  }

  static <V> TopRows<V> merge(List<TopRows<V>> parts, int limit, Comparator<Tuple2<String, V>> order) {
    long count = 0;
    List<Tuple2<String, V>> all = new ArrayList<>();
    for (TopRows<V> part : parts) {
      count += part.count;
      all.addAll(part.best);
    }
    all.sort(order);
    return new TopRows<>(count, new ArrayList<>(all.subList(0, Math.min(limit, all.size()))));
  }

  /** Runs on executors: one {@link TopRows} per partition, keeping a bounded heap of the best rows. */
  static final class OfPartition<V> implements FlatMapFunction<Iterator<Tuple2<String, V>>, TopRows<V>> {
    private static final long serialVersionUID = 1L;

    private final int limit;
    private final Comparator<Tuple2<String, V>> order;

    OfPartition(int limit, Comparator<Tuple2<String, V>> order) {
      this.limit = limit;
      this.order = order;
    }

    @Override
    public Iterator<TopRows<V>> call(Iterator<Tuple2<String, V>> rows) {
      PriorityQueue<Tuple2<String, V>> heap = new PriorityQueue<>(limit + 1, order.reversed());
      long count = 0;
      while (rows.hasNext()) {
        heap.add(rows.next());
        if (heap.size() > limit) {
          heap.poll(); // drops the worst
        }
        count++;
      }
      List<Tuple2<String, V>> best = new ArrayList<>(heap);
      best.sort(order);
      return List.of(new TopRows<>(count, best)).iterator();
    }
  }
}
