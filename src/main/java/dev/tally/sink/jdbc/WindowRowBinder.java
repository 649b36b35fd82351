package dev.tally.sink.jdbc;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import java.sql.SQLException;
import scala.Tuple2;

/** Binds a window row: window length, slide, window end, key, count, sums. */
public final class WindowRowBinder implements RowBinder<Tuple2<String, Metric>> {
  private static final long serialVersionUID = 1L;

  private final long windowMs;
  private final long slideMs;
  private final long windowEndMs;
  private final int decimals;

  public WindowRowBinder(WindowSpec window, long windowEndMs, int decimals) {
    this.windowMs = window.lengthMs();
    this.slideMs = window.slideMs();
    this.windowEndMs = windowEndMs;
    this.decimals = decimals;
  }

  @Override
  public void bind(RowValues s, Tuple2<String, Metric> row) throws SQLException {
    s.setLong(1, windowMs);
    s.setLong(2, slideMs);
    s.setTimestamp(3, windowEndMs);
    s.setString(4, row._1());
    bindMetric(s, 5, row._2(), decimals);
  }

  /** Binds count and sums from parameter {@code first}; returns the next parameter index. */
  static int bindMetric(RowValues s, int first, Metric metric, int decimals) throws SQLException {
    s.setLong(first, metric.count());
    for (int i = 0; i < metric.sumCount(); i++) {
      s.setDecimal(first + 1 + i, metric.sum(i), decimals);
    }
    return first + 1 + metric.sumCount();
  }
}
