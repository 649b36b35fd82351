package dev.tally.sink.jdbc;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to reach the database and how hard to try. Read fresh at every start (never kept in the
 * checkpoint) and shipped to executors inside each batch's write tasks. The password never appears
 * in {@link #toString()}.
 */
public final class JdbcSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final String password;
  private final int poolSize;
  private final int maxAttempts;
  private final long backoffMs;
  private final long maxBackoffMs;
  private final int batchSize;
  private final int timeoutSeconds;
  private final TableNames tables;
  private long windowRetentionMs;

  /**
   * @param poolSize connections per executor JVM; 0 sizes the pool to the executor's cores
   * @param maxAttempts tries of one partition's write before the task fails (Spark then retries the task)
   */
  public JdbcSettings(String url, String user, String password, int poolSize, int maxAttempts, long backoffMs,
      long maxBackoffMs, int batchSize, TableNames tables) {
    this(url, user, password, poolSize, maxAttempts, backoffMs, maxBackoffMs, batchSize, 60, tables);
  }

  /** @param timeoutSeconds longest a write statement may run (lock waits included) before it fails */
  public JdbcSettings(String url, String user, String password, int poolSize, int maxAttempts, long backoffMs,
      long maxBackoffMs, int batchSize, int timeoutSeconds, TableNames tables) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = user == null ? "" : user;
    this.password = password == null ? "" : password;
    this.poolSize = poolSize;
    this.maxAttempts = maxAttempts;
    this.backoffMs = backoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.batchSize = batchSize;
    this.timeoutSeconds = timeoutSeconds;
    this.tables = Objects.requireNonNull(tables, "tables");
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  public int poolSize() {
    return poolSize;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Wait before try {@code attempt + 1}: doubling from the base, capped. */
  public long backoffMs(int attempt) {
    long wait = backoffMs << Math.min(attempt - 1, 20);
    return Math.min(wait, maxBackoffMs);
  }

  public int batchSize() {
    return batchSize;
  }

  /** The same settings, keeping window rows only this long after their window ended (0: forever). */
  public JdbcSettings withWindowRetention(long retentionMs) {
    JdbcSettings copy = new JdbcSettings(url, user, password, poolSize, maxAttempts, backoffMs, maxBackoffMs,
        batchSize, timeoutSeconds, tables);
    copy.windowRetentionMs = retentionMs;
    return copy;
  }

  public long windowRetentionMs() {
    return windowRetentionMs;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public TableNames tables() {
    return tables;
  }

  public Dialect dialect() {
    return Dialect.forUrl(url);
  }

  /** Identifies a pool: settings that would need different connections get different pools. */
  String poolKey() {
    return url + "\u0000" + user + "\u0000" + Integer.toHexString(password.hashCode()) + "\u0000" + poolSize;
  }

  @Override
  public String toString() {
    return "url=" + url + " user=" + user + " password=" + (password.isEmpty() ? "(none)" : "(set)")
        + " pool=" + (poolSize == 0 ? "executor cores" : poolSize) + " attempts=" + maxAttempts
        + " backoff=" + backoffMs + ".." + maxBackoffMs + "ms batch=" + batchSize + " timeout=" + timeoutSeconds + "s"
        + " windowRetention=" + (windowRetentionMs == 0 ? "forever" : windowRetentionMs + "ms")
        + " tables=" + tables;
  }
}
