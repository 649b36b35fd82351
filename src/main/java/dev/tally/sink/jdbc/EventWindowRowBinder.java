package dev.tally.sink.jdbc;

import dev.tally.eventtime.EventWindowRow;
import java.sql.SQLException;

/**
 * Binds an event-time window row: window length, slide, start, key, end, count, sums, final (1 or 0),
 * batch time.
 */
public final class EventWindowRowBinder implements RowBinder<EventWindowRow> {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;
  private final int decimals;

  public EventWindowRowBinder(long batchTimeMs, int decimals) {
    this.batchTimeMs = batchTimeMs;
    this.decimals = decimals;
  }

  @Override
  public void bind(RowValues s, EventWindowRow row) throws SQLException {
    s.setLong(1, row.window().lengthMs());
    s.setLong(2, row.window().slideMs());
    s.setTimestamp(3, row.window().startMs());
    s.setString(4, row.window().key());
    s.setTimestamp(5, row.window().endMs());
    int next = WindowRowBinder.bindMetric(s, 6, row.metric(), decimals);
    s.setLong(next, row.isFinal() ? 1 : 0);
    s.setTimestamp(next + 1, batchTimeMs);
  }
}
