package dev.tally.sink.jdbc;

import static dev.tally.config.ConfigParser.PASSWORD_ENV;

import dev.tally.config.ConfigException;
import dev.tally.config.CrossChecks;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach the database and how hard to try, read from the options by {@link #of}. Read fresh at
 * every start (never kept in the checkpoint) and shipped to executors inside each batch's write tasks.
 * The password never appears in {@link #toString()}.
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
  private boolean createTables = true;

  /**
   * The database the options name, and how to write to it, checked; {@code valueFields}: the job's,
   * each of which becomes a column.
   */
  public static JdbcSettings of(OptionValues v, List<String> valueFields) throws ConfigException {
    boolean localMaster = CrossChecks.localMaster(v);
    String url = v.get(Option.JDBC_URL).trim();
    try {
      Dialect.forUrl(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.JDBC_URL.id(), e.getMessage());
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.contains("password=")) {
      throw new ConfigException(Option.JDBC_URL.id(), "holds a password, which would show in logs: set "
          + PASSWORD_ENV + " or use --jdbc-password-file");
    }
    if (lower.startsWith("jdbc:h2:mem:")) {
      throw new ConfigException(Option.JDBC_URL.id(), "an in-memory H2 database is private to each JVM: use jdbc:h2:file:");
    }
    if (!localMaster && lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:")
        && !lower.startsWith("jdbc:h2:file:/") && !lower.startsWith("jdbc:h2:file:~") && !lower.startsWith("jdbc:h2:/")
        && !lower.startsWith("jdbc:h2:~")) {
      throw new ConfigException(Option.JDBC_URL.id(), "a relative H2 path differs between the driver and each "
          + "executor: give an absolute path (or use PostgreSQL)");
    }
    String password = v.env(PASSWORD_ENV, "");
    String passwordFile = v.get(Option.JDBC_PASSWORD_FILE);
    if (passwordFile != null) {
      try {
        password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(Option.JDBC_PASSWORD_FILE.id(), "cannot read " + passwordFile + ": " + e.getMessage());
      }
    }
    Set<String> sumColumns = new HashSet<>();
    for (String field : valueFields) {
      if (!sumColumns.add(SqlIdentifiers.sumColumn(field))) {
        throw new ConfigException(Option.VALUES.id(), "value field '" + field + "' and another one both become column "
            + SqlIdentifiers.sumColumn(field));
      }
    }
    for (Option table : new Option[] {Option.WINDOW_TABLE, Option.TOTAL_TABLE, Option.REJECT_TABLE, Option.OFFSET_TABLE,
        Option.BATCH_TABLE, Option.EVENT_WINDOW_TABLE}) {
      if (!SqlIdentifiers.isTableName(v.get(table))) {
        throw new ConfigException(table.id(), "'" + v.get(table) + "' is not a table name (letters, digits and _, "
            + "optionally schema.table)");
      }
    }
    TableNames tables = new TableNames(v.get(Option.WINDOW_TABLE), v.get(Option.TOTAL_TABLE), v.get(Option.REJECT_TABLE),
        v.get(Option.OFFSET_TABLE), v.get(Option.BATCH_TABLE), v.get(Option.EVENT_WINDOW_TABLE));
    if (new HashSet<>(List.of(tables.windows(), tables.totals(), tables.rejects(), tables.offsets(), tables.batches(),
        tables.eventWindows())).size() < 6) {
      throw new ConfigException(Option.WINDOW_TABLE.id(), "the window, total, reject, offset, batch and event window "
          + "tables must differ");
    }
    long backoff = v.duration(Option.WRITE_BACKOFF);
    long backoffMax = v.duration(Option.WRITE_BACKOFF_MAX);
    if (backoffMax < backoff) {
      throw new ConfigException(Option.WRITE_BACKOFF_MAX.id(), "must not be shorter than --write-backoff");
    }
    long timeoutMs = v.duration(Option.WRITE_TIMEOUT);
    if (timeoutMs < 1000 || timeoutMs % 1000 != 0) {
      throw new ConfigException(Option.WRITE_TIMEOUT.id(), "must be whole seconds, at least 1s");
    }
    long retentionMs = v.duration(Option.WINDOW_RETENTION);
    return new JdbcSettings(url, v.get(Option.JDBC_USER), password, v.intIn(Option.POOL_SIZE, 0, 1000),
        v.intIn(Option.WRITE_ATTEMPTS, 1, 100), backoff, backoffMax, v.intIn(Option.WRITE_BATCH, 1, 100_000),
        (int) Math.min(Integer.MAX_VALUE, timeoutMs / 1000), tables).withWindowRetention(retentionMs)
        .withCreateTables(v.bool(Option.CREATE_TABLES));
  }

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

  /** The longest wait before try {@code attempt + 1}: doubling from the base, capped ({@link #backoff()} jitters it). */
  public long backoffMs(int attempt) {
    return backoff().stepMs(attempt);
  }

  /** The waits between tries, doubling and jittered. */
  public RetryBackoff backoff() {
    return new RetryBackoff(backoffMs, maxBackoffMs);
  }

  public int batchSize() {
    return batchSize;
  }

  /** The same settings, keeping window rows only this long after their window ended (0: forever). */
  public JdbcSettings withWindowRetention(long retentionMs) {
    JdbcSettings copy = new JdbcSettings(url, user, password, poolSize, maxAttempts, backoffMs, maxBackoffMs,
        batchSize, timeoutSeconds, tables);
    copy.windowRetentionMs = retentionMs;
    copy.createTables = createTables;
    return copy;
  }

  /** The same settings; {@code false}: the tables were created beforehand, Tally only checks them. */
  public JdbcSettings withCreateTables(boolean create) {
    JdbcSettings copy = withWindowRetention(windowRetentionMs);
    copy.createTables = create;
    return copy;
  }

  public boolean createTables() {
    return createTables;
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
        + (createTables ? "" : " createTables=false")
        + " tables=" + tables;
  }
}
