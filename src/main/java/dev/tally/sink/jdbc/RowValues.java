package dev.tally.sink.jdbc;

import java.sql.SQLException;

/**
 * Where a {@link RowBinder} puts one row's values, column by column in the table's order (1-based):
 * a prepared statement's parameters, or a line of PostgreSQL's {@code COPY} text.
 */
public interface RowValues {
  void setLong(int column, long value) throws SQLException;

  void setString(int column, String value) throws SQLException;

  /** A point in time, epoch milliseconds, stored as a timestamp with time zone. */
  void setTimestamp(int column, long epochMs) throws SQLException;

  /** The exact decimal {@code units} × 10^-{@code scale}. */
  void setDecimal(int column, long units, int scale) throws SQLException;
}
