package dev.tally.bench.sink;

import dev.tally.sink.jdbc.RowBinder;
import dev.tally.sink.jdbc.StatementValues;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * The common hand-written {@code foreachPartition} writer: a new connection per partition, the same
 * batched upserts and one commit as Tally's writer, but no pool (and no retries).
 */
final class ConnectionPerPartition<T> implements VoidFunction<Iterator<T>> {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final String sql;
  private final RowBinder<T> binder;
  private final int batchSize;

  ConnectionPerPartition(String url, String user, String sql, RowBinder<T> binder, int batchSize) {
    this.url = url;
    this.user = user;
    this.sql = sql;
    this.binder = binder;
    this.batchSize = batchSize;
  }

  @Override
  public void call(Iterator<T> rows) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, "")) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int inBatch = 0;
        while (rows.hasNext()) {
          binder.bind(new StatementValues(statement), rows.next());
          statement.addBatch();
          if (++inBatch == batchSize) {
            statement.executeBatch();
            inBatch = 0;
          }
        }
        if (inBatch > 0) {
          statement.executeBatch();
        }
      }
      connection.commit();
    }
  }
}
