package dev.tally.sink.jdbc;

import dev.tally.model.SourceOffset;
import java.sql.SQLException;

/** Binds a ledger row: group, topic, partition, batch time, from offset, until offset, origin time. */
public final class BatchRowBinder implements RowBinder<SourceOffset> {
  private static final long serialVersionUID = 1L;

  private final String group;

  public BatchRowBinder(String group) {
    this.group = group;
  }

  @Override
  public void bind(RowValues s, SourceOffset o) throws SQLException {
    s.setString(1, group);
    s.setString(2, o.topic());
    s.setLong(3, o.partition());
    s.setTimestamp(4, o.batchTimeMs());
    s.setLong(5, o.fromOffset());
    s.setLong(6, o.untilOffset());
    s.setTimestamp(7, o.originMs());
  }
}
