package dev.tally.sink.jdbc;

import dev.tally.config.ConfigException;
import dev.tally.config.Option;
import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Writes windows, changed totals and rejects into SQL tables, partition by partition through the
 * pooled {@link WritePartition}, as idempotent upserts keyed so that a re-run batch rewrites the
 * same rows. Tables are created when missing, for the metric schema of the running graph.
 */
public final class JdbcSink implements Sink {
  private static final Logger LOG = LogManager.getLogger(JdbcSink.class);

  private final JdbcSettings settings;
  private final Dialect dialect;
  private final Set<String> readyTables = new HashSet<>();
  private final Map<String, PoolFigures> poolsByJvm = new HashMap<>();
  private final Map<String, Long> prunedAtBatch = new HashMap<>();
  private PoolFigures pools = null; // summed over the JVMs, as of the last write

  /** How often (in batch time) old window rows are deleted: one cheap DELETE, not one per batch. */
  static final long PRUNE_EVERY_MS = 60_000;

  public JdbcSink(JdbcSettings settings) {
    this.settings = settings;
    this.dialect = settings.dialect();
  }

  /** Connects once, so that a wrong URL or password fails at start rather than at the first batch. */
  public void checkConnection() throws SQLException {
    try (Connection c = connect()) {
      LOG.info("Database reachable: {} {}", c.getMetaData().getDatabaseProductName(),
          c.getMetaData().getDatabaseProductVersion());
    }
  }

  /**
   * Connects, then creates or checks the tables for {@code schema}, at start: a bad table
   * name, a missing schema or a table with other columns is refused before the first batch.
   *
   * @throws ConfigException naming the table option at fault
   * @throws SQLException when the database cannot be reached (a failure, not a configuration error)
   */
  public void prepare(MetricSchema schema) throws ConfigException, SQLException {
    checkConnection();
    ensureAtStart(TallyTables.windows(settings.tables(), schema), Option.WINDOW_TABLE);
    ensureAtStart(TallyTables.totals(settings.tables(), schema), Option.TOTAL_TABLE);
    ensureAtStart(TallyTables.rejects(settings.tables()), Option.REJECT_TABLE);
    ensureAtStart(TallyTables.offsets(settings.tables()), Option.OFFSET_TABLE);
    ensureAtStart(TallyTables.batches(settings.tables()), Option.BATCH_TABLE);
  }

  private void ensureAtStart(Table table, Option option) throws ConfigException {
    try {
      ensure(table);
    } catch (IllegalStateException e) {
      throw new ConfigException(option.id(), e.getMessage());
    }
  }

  @Override
  public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
    Table table = TallyTables.windows(settings.tables(), schema);
    ensure(table);
    long written = write(rows.rdd().sparkContext(), rows.rdd().toJavaRDD(), table,
        new WindowRowBinder(window, batchTime.milliseconds(), schema.decimals()));
    prune(table, "window_end", batchTime.milliseconds());
    return written;
  }

  @Override
  public long writeEventWindows(MetricSchema schema, Time batchTime, JavaRDD<EventWindowRow> rows) {
    Table table = TallyTables.eventWindows(settings.tables(), schema);
    ensure(table);
    long written = write(rows.rdd().sparkContext(), rows, table,
        new EventWindowRowBinder(batchTime.milliseconds(), schema.decimals()));
    prune(table, "window_end", batchTime.milliseconds());
    return written;
  }

  /**
   * Deletes rows whose {@code timeColumn} (a window's end, a batch's time) is more than the
   * retention before this batch, at most once a minute of batch time per table, so the window and
   * batch tables stay bounded.
   */
  private void prune(Table table, String timeColumn, long batchTimeMs) {
    long retention = settings.windowRetentionMs();
    Long last = prunedAtBatch.get(table.name());
    if (retention <= 0 || (last != null && batchTimeMs - last < PRUNE_EVERY_MS)) {
      return;
    }
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("DELETE FROM " + table.name() + " WHERE " + timeColumn + " < ?")) {
      s.setQueryTimeout(settings.timeoutSeconds());
      s.setObject(1, StatementValues.utc(batchTimeMs - retention));
      int deleted = s.executeUpdate();
      c.commit();
      if (deleted > 0) {
        LOG.info("Deleted {} rows of {} with {} before {} ms (retention {} ms)", deleted, table.name(), timeColumn,
            batchTimeMs - retention, retention);
      }
    } catch (SQLException e) {
      // Pruning is housekeeping: a failure is retried at the next chance and never fails the batch.
      LOG.warn("Could not delete old rows from {}: {}", table.name(), e.getMessage());
      return;
    }
    prunedAtBatch.put(table.name(), batchTimeMs);
  }

  @Override
  public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    Table table = TallyTables.totals(settings.tables(), schema);
    ensure(table);
    return write(changed.rdd().sparkContext(), changed.rdd().toJavaRDD(), table,
        new TotalRowBinder(schema.decimals()));
  }

  @Override
  public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
    Table table = TallyTables.rejects(settings.tables());
    ensure(table);
    return write(rejects.rdd().sparkContext(), rejects, table, new RejectRowBinder(batchTime.milliseconds()));
  }

  /**
   * One transaction on the driver, with the writer's retries: the resume offsets and the ledger rows
   * of the batch's ranges (so that the two never disagree); a failure fails the batch.
   */
  @Override
  public void storeOffsets(String group, Time batchTime, List<SourceOffset> offsets) {
    Table table = TallyTables.offsets(settings.tables());
    Table ledger = TallyTables.batches(settings.tables());
    ensure(table);
    ensure(ledger);
    List<SourceOffset> ranges = offsets.stream().filter(SourceOffset::isRange).toList();
    try {
      new TransactionWriter(settings).write(List.of(new Upsert<>(dialect.upsertSql(table), offsets, new OffsetRowBinder(group)),
          new Upsert<>(dialect.upsertSql(ledger), ranges, new BatchRowBinder(group))));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the offsets of batch " + batchTime.milliseconds(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing offsets", e);
    }
    prune(ledger, "batch_time", batchTime.milliseconds());
  }

  @Override
  public List<SourceOffset> storedOffsets(String group) {
    return read("stored offsets", TallyTables.offsets(settings.tables()), reader -> reader.offsets(group));
  }

  /** The ledger rows of {@code group} (see {@link TallyTables#batches}). */
  public List<SourceOffset> storedBatches(String group) {
    return read("batch ledger", TallyTables.batches(settings.tables()), reader -> reader.ledger(group));
  }

  @Override
  public List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
    List<Tuple2<String, TotalState>> totals = new ArrayList<>();
    return read("stored totals", TallyTables.totals(settings.tables(), schema), reader -> {
      reader.totals(schema, (key, total) -> totals.add(new Tuple2<>(key, total)));
      return totals;
    });
  }

  /** A query of what was stored, on a table created if missing. */
  @FunctionalInterface
  private interface Query<T> {
    T read(SinkReader reader) throws SQLException;
  }

  private <T> T read(String what, Table table, Query<T> query) {
    ensure(table);
    try (SinkReader reader = SinkReader.open(settings)) {
      return query.read(reader);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the " + what + ": " + e.getMessage(), e);
    }
  }

  private <T> long write(SparkContext sc, JavaRDD<T> rows, Table table, RowBinder<T> binder) {
    LongAccumulator written = sc.longAccumulator("tally rows written");
    CollectionAccumulator<PoolFigures> pools = sc.collectionAccumulator("tally pools");
    rows.foreachPartition(new WritePartition<>(settings, dialect.upsertSql(table), binder, written, pools));
    recordPools(pools.value());
    return written.value();
  }

  private synchronized void recordPools(List<PoolFigures> reported) {
    for (PoolFigures f : reported) {
      poolsByJvm.put(f.jvm(), f); // latest figures of each JVM
    }
    PoolFigures sum = PoolFigures.NONE;
    for (PoolFigures f : poolsByJvm.values()) {
      sum = sum.plus(f);
    }
    pools = sum;
  }

  @Override
  public synchronized long[] poolFigures() {
    return pools == null ? null : new long[] {pools.active(), pools.idle(), pools.created(), pools.destroyed()};
  }

  /**
   * Creates the table if missing (unless {@code --create-tables false}: then it must exist) and checks
   * that it has the columns Tally writes.
   */
  private synchronized void ensure(Table table) {
    String id = table.name() + table.columns();
    if (readyTables.contains(id)) {
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      if (settings.createTables()) {
        s.execute(dialect.createTable(table));
        c.commit();
      }
      Map<String, Integer> present = new HashMap<>(); // column name → scale
      try (ResultSet rs = s.executeQuery("SELECT * FROM " + table.name() + " WHERE 1 = 0")) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          present.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getScale(i));
        }
      } catch (SQLException e) {
        if (settings.createTables()) {
          throw e;
        }
        c.rollback(); // PostgreSQL refuses every further statement of a failed transaction
        throw new IllegalStateException("table " + table.name() + " does not exist or cannot be read ("
            + e.getMessage().lines().findFirst().orElse("") + "); with --create-tables false it must be created "
            + "beforehand: tally ddl prints its CREATE TABLE statement");
      }
      for (Column column : table.columns()) {
        Integer scale = present.get(column.name());
        if (scale == null) {
          throw new IllegalStateException("table " + table.name() + " exists without column " + column.name()
              + " (its value fields differ from this job's): use another table name or migrate it");
        }
        if (column.type() == Column.Type.DECIMAL && scale != column.scale()) {
          throw new IllegalStateException("table " + table.name() + " keeps " + column.name() + " with " + scale
              + " decimals, this job sums with " + column.scale() + ": use another table name or migrate it");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare table " + table.name() + ": " + e.getMessage(), e);
    }
    readyTables.add(id);
  }

  private Connection connect() throws SQLException {
    return ConnectionPools.open(settings);
  }

  @Override
  public String toString() {
    return "jdbc(" + settings + ")";
  }
}
