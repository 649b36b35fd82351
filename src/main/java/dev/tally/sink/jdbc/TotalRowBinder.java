package dev.tally.sink.jdbc;

import dev.tally.model.TotalState;
import java.sql.SQLException;
import scala.Tuple2;

/** Binds a total row: key, count, sums, first seen, last seen. */
public final class TotalRowBinder implements RowBinder<Tuple2<String, TotalState>> {
  private static final long serialVersionUID = 1L;

  private final int decimals;

  public TotalRowBinder(int decimals) {
    this.decimals = decimals;
  }

  @Override
  public void bind(RowValues s, Tuple2<String, TotalState> row) throws SQLException {
    TotalState total = row._2();
    s.setString(1, row._1());
    int next = WindowRowBinder.bindMetric(s, 2, total.metric(), decimals);
    s.setTimestamp(next, total.firstSeenMs());
    s.setTimestamp(next + 1, total.lastSeenMs());
  }
}
