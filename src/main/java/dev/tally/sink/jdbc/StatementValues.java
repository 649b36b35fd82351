package dev.tally.sink.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Row values as the parameters of a prepared statement. */
public final class StatementValues implements RowValues {
  private final PreparedStatement statement;

  public StatementValues(PreparedStatement statement) {
    this.statement = statement;
  }

  @Override
  public void setLong(int column, long value) throws SQLException {
    statement.setLong(column, value);
  }

  @Override
  public void setString(int column, String value) throws SQLException {
    statement.setString(column, value);
  }

  @Override
  public void setTimestamp(int column, long epochMs) throws SQLException {
    statement.setObject(column, utc(epochMs));
  }

  @Override
  public void setDecimal(int column, long units, int scale) throws SQLException {
    statement.setBigDecimal(column, BigDecimal.valueOf(units, scale));
  }

  static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
