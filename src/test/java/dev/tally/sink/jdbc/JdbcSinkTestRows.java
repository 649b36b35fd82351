package dev.tally.sink.jdbc;

import java.sql.SQLException;
import java.util.List;

/** Table rows as text for tests in other packages (see {@link JdbcSinkTest#rows}). */
public final class JdbcSinkTestRows {
  private JdbcSinkTestRows() {}

  public static List<String> rows(JdbcSettings settings, String sql) throws SQLException {
    return JdbcSinkTest.rows(settings, sql);
  }
}
