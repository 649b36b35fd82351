package dev.tally.sink.jdbc;

import dev.tally.model.SourceOffset;
import java.sql.SQLException;

/** Binds an offset row: group, topic, partition, until offset, batch time. */
public final class OffsetRowBinder implements RowBinder<SourceOffset> {
  private static final long serialVersionUID = 1L;

  private final String group;

  public OffsetRowBinder(String group) {
    this.group = group;
  }

  @Override
  public void bind(RowValues s, SourceOffset o) throws SQLException {
    s.setString(1, group);
    s.setString(2, o.topic());
    s.setLong(3, o.partition());
    s.setLong(4, o.untilOffset());
    s.setTimestamp(5, o.batchTimeMs());
  }
}
