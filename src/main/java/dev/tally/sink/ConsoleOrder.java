package dev.tally.sink;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import java.io.Serializable;
import java.util.Comparator;
import scala.Tuple2;

/** Orders for {@code takeOrdered}: highest count first, then key. Serializable: they run on executors. */
final class ConsoleOrder {
  private ConsoleOrder() {}

  static final class WindowRows implements Comparator<Tuple2<String, Metric>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Metric> a, Tuple2<String, Metric> b) {
      int byCount = Long.compare(b._2().count(), a._2().count());
      return byCount != 0 ? byCount : a._1().compareTo(b._1());
    }
  }

  static final class TotalRows implements Comparator<Tuple2<String, TotalState>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, TotalState> a, Tuple2<String, TotalState> b) {
      int byCount = Long.compare(b._2().metric().count(), a._2().metric().count());
      return byCount != 0 ? byCount : a._1().compareTo(b._1());
    }
  }
}
