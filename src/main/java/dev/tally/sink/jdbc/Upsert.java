package dev.tally.sink.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** One table's upsert and the rows it writes, part of a {@link TransactionWriter} transaction. */
public record Upsert<T>(UpsertSql sql, List<T> rows, RowBinder<T> binder) {
  /**
   * From this many rows on, a table with a bulk path takes it: below, its three statements cost more
   * round trips than the rows' own statements.
   */
  static final int BULK_MIN_ROWS = 64;

  /** Bytes of COPY text sent at a time. */
  private static final int COPY_CHUNK_BYTES = 256 * 1024;

  /** Writes the rows on {@code connection}; the caller commits. */
  void execute(Connection connection, JdbcSettings settings) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (sql.hasBulkPath() && rows.size() >= BULK_MIN_ROWS) {
      executeBulk(connection, settings);
    } else {
      executeRows(connection, settings);
    }
  }

  /** Batched row statements, sent in batches of the configured size. */
  private void executeRows(Connection connection, JdbcSettings settings) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.row())) {
      // A lock held elsewhere or a half-open connection must fail the write, not hang the job.
      statement.setQueryTimeout(settings.timeoutSeconds());
      StatementValues values = new StatementValues(statement);
      int inBatch = 0;
      for (T row : rows) {
        binder.bind(values, row);
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

  /** COPY into the session's staging table, then one set-based upsert from it. */
  private void executeBulk(Connection connection, JdbcSettings settings) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(settings.timeoutSeconds());
      statement.execute(sql.stage());
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.copy());
      try {
        CopyText text = new CopyText(COPY_CHUNK_BYTES + 4096);
        for (T row : rows) {
          binder.bind(text, row);
          text.endRow();
          if (text.length() >= COPY_CHUNK_BYTES) {
            copy.writeToCopy(text.bytes(), 0, text.length());
            text.clear();
          }
        }
        if (text.length() > 0) {
          copy.writeToCopy(text.bytes(), 0, text.length());
        }
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy(); // a failed row: end the COPY so the connection can roll back
        }
      }
      statement.executeUpdate(sql.fromStage());
    }
  }
}
