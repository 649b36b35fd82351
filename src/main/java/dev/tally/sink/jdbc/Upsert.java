package dev.tally.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** One upsert statement and the rows it writes, part of a {@link PartitionWriter} transaction. */
public record Upsert<T>(String sql, List<T> rows, RowBinder<T> binder) {
  /** Sends the rows in batches of the configured size on {@code connection}; the caller commits. */
  void execute(Connection connection, JdbcSettings settings) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      // A lock held elsewhere or a half-open connection must fail the write, not hang the job.
      statement.setQueryTimeout(settings.timeoutSeconds());
      int inBatch = 0;
      for (T row : rows) {
        binder.bind(statement, row);
        statement.addBatch();
        if (++inBatch == settings.batchSize()) {
          statement.executeBatch();
          inBatch = 0;
        }
      }
      if (inBatch > 0) {
        statement.executeBatch();
      }
    }
  }
}
