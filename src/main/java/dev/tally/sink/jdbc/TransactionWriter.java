package dev.tally.sink.jdbc;

import dev.tally.drill.CrashPoint;
import dev.tally.drill.CrashPoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes upserts in one transaction on a pooled connection of this JVM: batched statements in
 * chunks, commit, return the connection. On executors it writes one partition of a batch's results
 * ({@link WritePartition}, the function Spark runs there, calls it); on the driver, a batch's Kafka
 * offsets and ledger rows ({@link JdbcSink#storeOffsets}). A failed connection is invalidated, never returned;
 * transient failures are retried with doubling, jittered backoff ({@link RetryBackoff}) up to the configured attempts, then the
 * failure is thrown so that Spark retries the task. Rows are upserts, so a retried or re-run write
 * leaves the same rows.
 */
public final class TransactionWriter {
  private static final Logger LOG = LogManager.getLogger(TransactionWriter.class);

  private final JdbcSettings settings;
  private final GenericObjectPool<Connection> pool;
  private final boolean batchPartition;

  public TransactionWriter(JdbcSettings settings) {
    this(settings, ConnectionPools.of(settings));
  }

  TransactionWriter(JdbcSettings settings, GenericObjectPool<Connection> pool) {
    this(settings, pool, false);
  }

  private TransactionWriter(JdbcSettings settings, GenericObjectPool<Connection> pool, boolean batchPartition) {
    this.settings = settings;
    this.pool = pool;
    this.batchPartition = batchPartition;
  }

  /** A writer of one partition of a batch's results, on an executor: where the mid-partition crash point is. */
  public static TransactionWriter ofBatchPartition(JdbcSettings settings) {
    return new TransactionWriter(settings, ConnectionPools.of(settings), true);
  }

  /** Upserts {@code rows} with {@code sql}; returns how many rows were written. */
  public <T> long write(UpsertSql sql, List<T> rows, RowBinder<T> binder) throws SQLException, InterruptedException {
    return write(List.of(new Upsert<>(sql, rows, binder)));
  }

  /** Runs the upserts in one transaction, all or none, retried as one; returns how many rows were written. */
  public long write(List<Upsert<?>> upserts) throws SQLException, InterruptedException {
    long rows = 0;
    for (Upsert<?> upsert : upserts) {
      rows += upsert.rows().size();
    }
    // A cancelled task (Spark interrupts it) stops here instead of retrying.
    if (rows == 0) {
      return 0;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(upserts);
        if (attempt > 1) {
          LOG.info("Write of {} rows succeeded on attempt {}", rows, attempt);
        }
        return rows;
      } catch (SQLException e) {
        if (!Dialect.isTransient(e) || attempt >= settings.maxAttempts() || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        long wait = settings.backoff().waitMs(attempt, ThreadLocalRandom.current());
        LOG.warn("Write of {} rows failed (attempt {} of {}, SQL state {}): {}; retrying in {} ms", rows,
            attempt, settings.maxAttempts(), e.getSQLState(), brief(e), wait);
        Thread.sleep(wait);
      }
    }
  }

  /** The start of a failure's message: PostgreSQL's batch errors quote the whole statement with its values. */
  private static String brief(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int cut = message.indexOf(" INSERT INTO ");
    if (cut > 0) {
      message = message.substring(0, cut) + " ...";
    }
    SQLException next = e.getNextException();
    String cause = next == null ? "" : " (" + String.valueOf(next.getMessage()).lines().findFirst().orElse("") + ")";
    String text = message.lines().findFirst().orElse("") + cause;
    return text.length() <= 240 ? text : text.substring(0, 240) + "...";
  }

  private void writeOnce(List<Upsert<?>> upserts) throws SQLException, InterruptedException {
    Connection connection = borrow();
    boolean healthy = false;
    try {
      for (Upsert<?> upsert : upserts) {
        upsert.execute(connection, settings);
      }
      CrashPoints drill = CrashPoints.ofThisJvm(); // an executor's: no driver runtime there
      if (batchPartition && drill.armed(CrashPoint.MID_PARTITION)) {
        int rows = 0;
        for (Upsert<?> upsert : upserts) {
          rows += upsert.rows().size();
        }
        drill.reach(CrashPoint.MID_PARTITION, "a partition of " + rows + " rows, sent and not committed");
      }
      connection.commit();
      healthy = true;
    } finally {
      if (healthy) {
        pool.returnObject(connection);
      } else {
        rollbackQuietly(connection);
        invalidate(connection);
      }
    }
  }

  private Connection borrow() throws SQLException, InterruptedException {
    try {
      return pool.borrowObject();
    } catch (SQLException | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      // The pool wraps what the factory or validation threw; a connection that cannot be had is transient.
      throw new java.sql.SQLTransientConnectionException("cannot get a database connection: " + e.getMessage(), "08001", e);
    }
  }

  private void invalidate(Connection connection) {
    try {
      pool.invalidateObject(connection);
    } catch (Exception e) {
      LOG.debug("Invalidating a failed connection failed", e);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("Rollback after a failed write failed", e);
    }
  }
}
