package dev.tally.bench.sink;

import dev.tally.sink.jdbc.RowBinder;
import dev.tally.sink.jdbc.StatementValues;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.apache.spark.api.java.function.VoidFunction;

/** What naive {@code foreachRDD} code does: per record, open a connection, upsert, commit, close. */
final class ConnectionPerRecord<T> implements VoidFunction<T> {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final String sql;
  private final RowBinder<T> binder;

  ConnectionPerRecord(String url, String user, String sql, RowBinder<T> binder) {
    this.url = url;
    this.user = user;
    this.sql = sql;
    this.binder = binder;
  }

  @Override
  public void call(T row) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, "")) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(new StatementValues(statement), row);
        statement.executeUpdate();
      }
      connection.commit();
    }
  }
}
