package dev.tally.bench.sink;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.ReadmeTable;
import dev.tally.bench.Samples;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.TotalState;
import dev.tally.sink.jdbc.ConnectionPools;
import dev.tally.sink.jdbc.Dialect;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSink;
import dev.tally.sink.jdbc.TableNames;
import dev.tally.sink.jdbc.TallyTables;
import dev.tally.sink.jdbc.TotalRowBinder;
import dev.tally.sink.jdbc.UpsertSql;
import dev.tally.sink.jdbc.WritePartition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.streaming.Time;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Figure 5, the sink: rows per second upserted into a real PostgreSQL by three writers of the same
 * total rows, each a Spark job on local[2] over the same partitions:
 * <ol>
 *   <li>Tally's own path, {@link JdbcSink#writeTotals}: per-JVM pool, each partition COPYed into a
 *       staging table and upserted from it in one statement, one transaction per partition;
 *   <li>the same pool and transactions with batched row statements sent as multi-row inserts (the
 *       driver's {@code reWriteBatchedInserts}), as Tally wrote before the COPY path;
 *   <li>the same with {@code reWriteBatchedInserts=false} in the URL: a statement per row in each
 *       batch, as Tally wrote before it set the option;
 *   <li>a connection opened per partition (same SQL, same batching, the driver's defaults, no pool);
 *   <li>the comparator, a connection per record (open, one upsert, commit, close), as naive
 *       {@code foreachRDD} code does.
 * </ol>
 * Measured rows update keys already stored (the warm-up inserted them), as a running total does.
 */
public final class SinkFigure implements Figure {
  static final String POOLED = "pooled, COPY + one upsert per partition (Tally)";
  static final String POOLED_MULTI_ROW = "pooled, batched multi-row inserts (Tally before COPY)";
  static final String POOLED_ROW_STATEMENTS = "pooled, batched, a statement per row (reWriteBatchedInserts=false)";
  static final String PER_PARTITION = "connection per partition, batched";
  static final String PER_RECORD = "connection per record";
  /** One group of bars: the writers differ in rows per repetition (in the CSV's x), not in what they write. */
  private static final String X_LABEL = "total rows into PostgreSQL";
  /** Tally's defaults: --partitions 4, --write-batch 1000, --pool-size 0 (the executor's cores). */
  private static final int PARTITIONS = 4;
  private static final int WRITE_BATCH = 1000;

  @Override
  public String id() {
    return "5";
  }

  @Override
  public String title() {
    return "Sink: total rows upserted per second into PostgreSQL";
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int batchedRows = quick ? 20_000 : 200_000;
    int perRecordRows = quick ? 300 : 2_000;
    int warmUps = quick ? 1 : 2;
    int repetitions = quick ? 2 : 5;

    Path dataDir = Files.createTempDirectory("tally-bench-pg");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        // The embedded server turns this off by default; a production server keeps it on, and
        // per-record commits pay for it, so the comparison is made as production would see it.
        .setServerConfig("synchronous_commit", "on")
        .start();
    try {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      MetricSchema schema = new MetricSchema(List.of("cost", "clicks"), 2);
      JavaPairRDD<String, TotalState> batched = rows(context, batchedRows);
      JavaPairRDD<String, TotalState> fewer = rows(context, perRecordRows);

      JdbcSettings pooledSettings = settings(url, "pooled");
      JdbcSink sink = new JdbcSink(pooledSettings);
      sink.prepare(schema);
      Samples pooled = Samples.measure(warmUps, repetitions,
          () -> rate(batchedRows, () -> sink.writeTotals(schema, new Time(1_000), batched)));

      JdbcSettings multiRowSettings = settings(url, "multi_row");
      new JdbcSink(multiRowSettings).prepare(schema);
      UpsertSql multiRowSql = UpsertSql.rowsOnly(upsertSql(url, "multi_row", schema));
      Samples pooledMultiRow = Samples.measure(warmUps, repetitions, () -> rate(batchedRows, () -> {
        LongAccumulator written = context.spark().sc().longAccumulator();
        batched.foreachPartition(new WritePartition<>(multiRowSettings, multiRowSql, new TotalRowBinder(schema.decimals()),
            written, context.spark().sc().collectionAccumulator()));
        return written.value();
      }));

      // The row path with the driver's option switched off in the URL: one statement per row of a batch.
      JdbcSettings rowStatementSettings = settings(url + "?reWriteBatchedInserts=false", "row_statements");
      new JdbcSink(rowStatementSettings).prepare(schema);
      UpsertSql rowStatementSql = UpsertSql.rowsOnly(upsertSql(url, "row_statements", schema));
      Samples pooledRowStatements = Samples.measure(warmUps, repetitions, () -> rate(batchedRows, () -> {
        LongAccumulator written = context.spark().sc().longAccumulator();
        batched.foreachPartition(new WritePartition<>(rowStatementSettings, rowStatementSql,
            new TotalRowBinder(schema.decimals()), written, context.spark().sc().collectionAccumulator()));
        return written.value();
      }));

      String perPartitionSql = upsertSql(url, "per_partition", schema);
      new JdbcSink(settings(url, "per_partition")).prepare(schema);
      Samples perPartition = Samples.measure(warmUps, repetitions, () -> rate(batchedRows, () -> {
        batched.foreachPartition(new ConnectionPerPartition(url, "postgres", perPartitionSql,
            new TotalRowBinder(schema.decimals()), WRITE_BATCH));
        return batchedRows;
      }));

      String perRecordSql = upsertSql(url, "per_record", schema);
      new JdbcSink(settings(url, "per_record")).prepare(schema);
      Samples perRecord = Samples.measure(warmUps, repetitions, () -> rate(perRecordRows, () -> {
        fewer.foreach(new ConnectionPerRecord(url, "postgres", perRecordSql, new TotalRowBinder(schema.decimals())));
        return perRecordRows;
      }));

      List<Point> points = List.of(
          Point.of(POOLED, batchedRows, X_LABEL, pooled),
          Point.of(POOLED_MULTI_ROW, batchedRows, X_LABEL, pooledMultiRow),
          Point.of(POOLED_ROW_STATEMENTS, batchedRows, X_LABEL, pooledRowStatements),
          Point.of(PER_PARTITION, batchedRows, X_LABEL, perPartition),
          Point.of(PER_RECORD, perRecordRows, X_LABEL, perRecord));
      double ratio = pooled.median() / perRecord.median();
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "Rows per repetition: %,d for each batched writer, %,d per record; "
          + "%d partitions on %s; write batch %d; pool size = cores; %d warm-up(s), %d repetitions.",
          batchedRows, perRecordRows,
          PARTITIONS, BenchContext.MASTER, WRITE_BATCH, warmUps, repetitions));
      notes.add("PostgreSQL " + serverVersion(url) + " (embedded binaries, 127.0.0.1, synchronous_commit=on, "
          + "data on " + fileSystem(dataDir) + "); rows update stored keys of a totals table (key, count, 2 sums, "
          + "2 timestamps).");
      notes.add(String.format(Locale.ROOT, "Target Tally's path >= 250,000 rows/s: %s (%s rows/s; %.1fx the multi-row "
          + "inserts).", pooled.median() >= 250_000 ? "met" : "NOT met", String.format(Locale.ROOT, "%,.0f", pooled.median()),
          pooled.median() / pooledMultiRow.median()));
      notes.add(String.format(Locale.ROOT, "Target pooled >= 20x connection per record: %s (%.1fx; per partition "
          + "without pool: %.1fx).", ratio >= 20 ? "met" : "NOT met", ratio, perPartition.median() / perRecord.median()));
      List<ReadmeTable.Row> rows = List.of(new ReadmeTable.Row("5", String.format(Locale.ROOT,
          "Tally's writer: updates of %,d stored totals into PostgreSQL", batchedRows),
          String.format(Locale.ROOT, "%,.0f rows/s (COPY into a staging table, one upsert per partition); the multi-row "
              + "statements it replaced %,.0f", pooled.median(), pooledMultiRow.median()),
          "≥ 250,000 rows/s: " + (pooled.median() >= 250_000 ? "met" : "**NOT met**")));
      return new FigureResult(id(), title(), "writer", "rows upserted per second", "rows/s", FigureResult.Chart.BARS,
          PER_RECORD, points, notes, rows);
    } finally {
      ConnectionPools.closeAll(); // before the server goes, so no pooled connection outlives it
      postgres.close();
      deleteQuietly(dataDir);
    }
  }

  /** The key's totals as a running total writes them; cached, so each repetition writes the same partitions. */
  private static JavaPairRDD<String, TotalState> rows(BenchContext context, int count) {
    List<Tuple2<String, TotalState>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Metric metric = Metric.of(1 + i % 97, 12_345L * (i % 1000), i % 31);
      rows.add(new Tuple2<>("k" + i, new TotalState(metric, 1_000, 1_000, 0)));
    }
    JavaPairRDD<String, TotalState> rdd = context.spark().parallelizePairs(rows, PARTITIONS).cache();
    rdd.count();
    return rdd;
  }

  @FunctionalInterface
  private interface Write {
    long rows() throws Exception;
  }

  private static double rate(int expectedRows, Write write) throws Exception {
    long start = System.nanoTime();
    long rows = write.rows();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rows != expectedRows) {
      throw new IllegalStateException("wrote " + rows + " rows, expected " + expectedRows);
    }
    return rows / seconds;
  }

  private static JdbcSettings settings(String url, String prefix) {
    TableNames tables = new TableNames(prefix + "_windows", prefix + "_totals", prefix + "_rejects",
        prefix + "_offsets", prefix + "_batches");
    return new JdbcSettings(url, "postgres", "", 0, 6, 500, 10_000, WRITE_BATCH, 60, tables);
  }

  private static String upsertSql(String url, String prefix, MetricSchema schema) {
    return Dialect.forUrl(url).upsert(TallyTables.totals(settings(url, prefix).tables(), schema));
  }

  private static String serverVersion(String url) {
    try (var c = java.sql.DriverManager.getConnection(url, "postgres", "")) {
      return c.getMetaData().getDatabaseProductVersion();
    } catch (java.sql.SQLException e) {
      return "?";
    }
  }

  private static String fileSystem(Path dir) {
    try {
      return Files.getFileStore(dir).type();
    } catch (IOException e) {
      return "?";
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return; // the server's close already removed it
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
