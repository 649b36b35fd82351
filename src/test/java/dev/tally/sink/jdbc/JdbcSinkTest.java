package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.ConfigException;
import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import scala.Tuple2;

/**
 * The sink against real databases (PostgreSQL and H2): exact rows, idempotent replays, totals that
 * never roll back, hostile values stored verbatim.
 */
class JdbcSinkTest {
  private static final MetricSchema SCHEMA = new MetricSchema(List.of("cost", "clicks"), 2);
  private static final WindowSpec WINDOW = WindowSpec.parse("30s/10s");
  private static final long T1 = 1_700_000_010_000L;
  private static final long T2 = T1 + 10_000;

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(StreamingHarness.conf().setAppName("jdbc-sink-test"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void windowsTotalsAndRejectsLandExactly(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    sink.checkConnection();

    assertEquals(2, sink.writeWindow(WINDOW, SCHEMA, new Time(T1),
        pairs(row("a", Metric.of(2, 150, 300)), row("b", Metric.of(1, -25, 0)))));
    assertEquals(1, sink.writeTotals(SCHEMA, new Time(T1),
        pairs(row("a", new TotalState(Metric.of(7, 1000, 300), T1 - 20_000, T1, 0)))));
    List<Reject> rejects = List.of(new Reject("file:/in", 4, "expected 3 columns, found 1", "oops"));
    assertEquals(1, sink.writeRejects(new Time(T1), sc.parallelize(rejects, 1), 1));

    assertEquals(List.of(
            "30000|10000|" + T1 + "|a|2|1.50|3.00",
            "30000|10000|" + T1 + "|b|1|-0.25|0.00"),
        rows(settings, "SELECT window_ms, slide_ms, window_end, metric_key, event_count, sum_cost, sum_clicks FROM "
            + settings.tables().windows() + " ORDER BY metric_key"));
    assertEquals(List.of("a|7|10.00|3.00|" + (T1 - 20_000) + "|" + T1),
        rows(settings, "SELECT metric_key, event_count, sum_cost, sum_clicks, first_seen, last_seen FROM "
            + settings.tables().totals()));
    assertEquals(List.of("file:/in|" + T1 + "|" + 4 + "|expected 3 columns, found 1|oops"),
        rows(settings, "SELECT input, batch_time, position, reason, raw FROM " + settings.tables().rejects()));
    long[] pool = sink.poolFigures();
    assertTrue(pool != null && pool[2] >= 1, "pool figures reach the health line");
    assertTrue(ConnectionPools.of(settings).getCreatedCount() <= 2, "this pool stays within its maximum");
  }

  /**
   * pgjdbc reports the rows of a rewritten (multi-row) insert as SUCCESS_NO_INFO, those of a plain batch as
   * 1 each. It rewrites in chunks of powers of two, so 4 rows are one multi-row insert (3 would be 2 + 1).
   */
  @Test
  void postgresBatchesAreSentAsMultiRowInsertsUnlessTheUrlSaysOtherwise() throws Exception {
    JdbcSettings settings = TestDatabases.settings(Kind.POSTGRESQL, 1, 1, 10);
    String plainUrl = settings.url() + (settings.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=false";
    JdbcSettings plain = new JdbcSettings(plainUrl, settings.user(), "", 1, 1, 10, 80, 100, settings.tables());
    int none = Statement.SUCCESS_NO_INFO;
    assertEquals(List.of(none, none, none, none), insertFourRows(settings, "rewritten"));
    assertEquals(List.of(1, 1, 1, 1), insertFourRows(plain, "plain"));
  }

  private static List<Integer> insertFourRows(JdbcSettings settings, String table) throws SQLException {
    try (Connection c = ConnectionPools.open(settings); Statement ddl = c.createStatement()) {
      ddl.execute("CREATE TEMPORARY TABLE " + table + " (k TEXT PRIMARY KEY, n BIGINT)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (k, n) VALUES (?, ?) "
          + "ON CONFLICT (k) DO UPDATE SET n = EXCLUDED.n")) {
        for (String key : List.of("a", "b", "c", "d")) {
          insert.setString(1, key);
          insert.setLong(2, 1);
          insert.addBatch();
        }
        List<Integer> counts = new ArrayList<>();
        for (int count : insert.executeBatch()) {
          counts.add(count);
        }
        c.rollback();
        return counts;
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void replayingBatchesLeavesTheTablesUnchangedAndTotalsNeverRollBack(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    JavaPairRDD<String, Metric> window = pairs(row("a", Metric.of(2, 150, 300)), row("b", Metric.of(1, 5, 1)));
    JavaPairRDD<String, TotalState> totalsT1 = pairs(row("a", new TotalState(Metric.of(2, 150, 300), T1, T1, 0)));
    JavaPairRDD<String, TotalState> totalsT2 = pairs(row("a", new TotalState(Metric.of(5, 450, 300), T1, T2, 0)));
    List<Reject> rejects = List.of(new Reject("socket:x:1", 7, "bad", "line"));

    sink.writeWindow(WINDOW, SCHEMA, new Time(T1), window);
    sink.writeTotals(SCHEMA, new Time(T1), totalsT1);
    sink.writeRejects(new Time(T1), sc.parallelize(rejects), 1);
    List<String> before = snapshot(settings);

    sink.writeWindow(WINDOW, SCHEMA, new Time(T1), window);
    sink.writeTotals(SCHEMA, new Time(T1), totalsT1);
    sink.writeRejects(new Time(T1), sc.parallelize(rejects), 1);
    assertEquals(before, snapshot(settings), "a re-run batch rewrites identical rows");

    sink.writeTotals(SCHEMA, new Time(T2), totalsT2);
    List<String> afterNewer = snapshot(settings);
    sink.writeTotals(SCHEMA, new Time(T1), totalsT1); // an older batch replayed after a newer one
    assertEquals(afterNewer, snapshot(settings), "an older batch never overwrites a newer total");
    assertEquals(List.of("a|5|" + T2), rows(settings, "SELECT metric_key, event_count, last_seen FROM "
        + settings.tables().totals()));
  }

  /**
   * Event-time window rows: keyed by window and key, so a re-run batch rewrites the same values; the
   * final row of a later batch replaces the open one, and an older batch replayed after it does not
   * undo it.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void eventWindowRowsAreRewrittenByARerunAndNeverRolledBack(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    EventWindowKey w = new EventWindowKey(300_000, 300_000, T1 - 10_000, "a");
    EventWindowKey other = new EventWindowKey(300_000, 60_000, T1 - 70_000, "b");
    List<EventWindowRow> open = List.of(new EventWindowRow(w, Metric.of(2, 150, 300), false),
        new EventWindowRow(other, Metric.of(1, -5, 0), false));
    List<EventWindowRow> closed = List.of(new EventWindowRow(w, Metric.of(3, 250, 300), true));

    sink.writeEventWindows(SCHEMA, new Time(T1), sc.parallelize(open, 2));
    List<String> first = rows(settings, "SELECT metric_key, window_ms, slide_ms, event_count, sum_cost, is_final, "
        + "batch_time FROM " + settings.tables().eventWindows() + " ORDER BY metric_key");
    assertEquals(List.of("a|300000|300000|2|1.50|0|" + T1, "b|300000|60000|1|-0.05|0|" + T1), first);
    sink.writeEventWindows(SCHEMA, new Time(T1), sc.parallelize(open, 2));
    assertEquals(first, rows(settings, "SELECT metric_key, window_ms, slide_ms, event_count, sum_cost, is_final, "
        + "batch_time FROM " + settings.tables().eventWindows() + " ORDER BY metric_key"), "a re-run rewrites the same");

    sink.writeEventWindows(SCHEMA, new Time(T2), sc.parallelize(closed, 1));
    sink.writeEventWindows(SCHEMA, new Time(T1), sc.parallelize(open, 2)); // replayed after the newer batch
    assertEquals(List.of("a|3|1|" + (T1 - 10_000) + "|" + (T1 + 290_000) + "|" + T2, "b|1|0|" + (T1 - 70_000) + "|"
        + (T1 + 230_000) + "|" + T1), rows(settings, "SELECT metric_key, event_count, is_final, window_start, "
        + "window_end, batch_time FROM " + settings.tables().eventWindows() + " ORDER BY metric_key"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void hostileValuesAreStoredVerbatimAsData(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    List<String> keys = List.of("it's", "'; DROP TABLE " + settings.tables().windows() + "; --", "\"quoted\"",
        "café ☕ 日本", "emoji 😀", "back\\slash", "tab\there");
    List<Tuple2<String, Metric>> rows = new ArrayList<>();
    for (String key : keys) {
      rows.add(row(key, Metric.of(1, 100, 1)));
    }
    sink.writeWindow(WINDOW, SCHEMA, new Time(T1), sc.parallelizePairs(rows, 3));
    String raw = "x".repeat(1000) + "\u0000'; DROP TABLE y; --";
    sink.writeRejects(new Time(T1), sc.parallelize(List.of(new Reject("in", 1, "line contains a NUL character", raw))), 1);

    List<String> stored = rows(settings, "SELECT metric_key FROM " + settings.tables().windows());
    assertEquals(keys.stream().sorted().toList(), stored.stream().sorted().toList());
    assertEquals(List.of("x".repeat(1000) + "\uFFFD'; DROP TABLE y; --"),
        rows(settings, "SELECT raw FROM " + settings.tables().rejects()));
  }

  /**
   * Partitions of at least {@link Upsert#BULK_MIN_ROWS} rows go through PostgreSQL's bulk path (COPY into
   * a staging table, one upsert from it): the tables end up exactly as the row statements leave them,
   * hostile keys and every decimal included, replays change nothing and older totals never win.
   */
  @Test
  void postgresBulkPathStoresExactlyWhatRowStatementsStore() throws Exception {
    JdbcSettings bulk = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    JdbcSettings byRow = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    List<String> specials = List.of("tab\there", "new\nline", "cr\rhere", "back\\slash", "\\N", "café ☕ 日本",
        "emoji 😀", "it's", "\"quoted\"", "comma,semi;");
    List<Tuple2<String, Metric>> window = new ArrayList<>();
    List<Tuple2<String, TotalState>> totals = new ArrayList<>();
    List<Tuple2<String, TotalState>> olderTotals = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String key = (i < specials.size() ? specials.get(i) : "k") + i;
      Metric metric = Metric.of(i + 1, (i - 150) * 37L, i % 3 == 0 ? -i : i);
      window.add(row(key, metric));
      totals.add(row(key, new TotalState(metric, T1 - i, T2, 0)));
      olderTotals.add(row(key, new TotalState(Metric.of(1, 1, 1), T1, T1, 0)));
    }
    JdbcSink sink = new JdbcSink(bulk);
    assertEquals(300, sink.writeWindow(WINDOW, SCHEMA, new Time(T1), sc.parallelizePairs(window, 2)));
    assertEquals(300, sink.writeTotals(SCHEMA, new Time(T2), sc.parallelizePairs(totals, 2)));
    assertEquals(List.of("tally_stage_" + bulk.tables().totals(), "tally_stage_" + bulk.tables().windows()),
        rows(bulk, "SELECT DISTINCT relname FROM pg_class WHERE relpersistence = 't' AND relname LIKE 'tally_stage_"
            + bulk.tables().totals().replace("_totals", "") + "%' ORDER BY relname"),
        "the pooled sessions staged the rows: the bulk path ran");

    Table windows = TallyTables.windows(byRow.tables(), SCHEMA);
    Table totalTable = TallyTables.totals(byRow.tables(), SCHEMA);
    new JdbcSink(byRow).prepare(SCHEMA);
    TransactionWriter writer = new TransactionWriter(byRow);
    writer.write(UpsertSql.rowsOnly(Dialect.POSTGRESQL.upsert(windows)), window,
        new WindowRowBinder(WINDOW, T1, SCHEMA.decimals()));
    writer.write(UpsertSql.rowsOnly(Dialect.POSTGRESQL.upsert(totalTable)), totals, new TotalRowBinder(SCHEMA.decimals()));

    String windowQuery = "SELECT window_ms, slide_ms, window_end, metric_key, event_count, sum_cost, sum_clicks FROM %s "
        + "ORDER BY metric_key";
    String totalQuery = "SELECT metric_key, event_count, sum_cost, sum_clicks, first_seen, last_seen FROM %s ORDER BY metric_key";
    List<String> expectedWindows = rows(byRow, String.format(windowQuery, byRow.tables().windows()));
    List<String> expectedTotals = rows(byRow, String.format(totalQuery, byRow.tables().totals()));
    assertEquals(300, expectedWindows.size());
    assertTrue(expectedWindows.contains("30000|10000|" + T1 + "|tab\there0|1|-55.50|0.00"), expectedWindows.get(0));
    assertEquals(expectedWindows, rows(bulk, String.format(windowQuery, bulk.tables().windows())));
    assertEquals(expectedTotals, rows(bulk, String.format(totalQuery, bulk.tables().totals())));

    sink.writeWindow(WINDOW, SCHEMA, new Time(T1), sc.parallelizePairs(window, 2));
    sink.writeTotals(SCHEMA, new Time(T1), sc.parallelizePairs(olderTotals, 2)); // an older batch replayed
    assertEquals(expectedWindows, rows(bulk, String.format(windowQuery, bulk.tables().windows())), "a replay rewrites the same rows");
    assertEquals(expectedTotals, rows(bulk, String.format(totalQuery, bulk.tables().totals())), "an older total never wins");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tablesTheDatabaseRefusesOrThatDifferAreRefusedAtStart(Kind kind) throws Exception {
    JdbcSettings ok = TestDatabases.settings(kind, 1, 1, 10);
    new JdbcSink(ok).prepare(SCHEMA);
    assertEquals(List.of("0"), rows(ok, "SELECT count(*) FROM " + ok.tables().totals()), "created at start");

    JdbcSettings reserved = new JdbcSettings(ok.url(), ok.user(), "", 1, 1, 10, 10, 10,
        new TableNames("w_" + kind, "order", "r_" + kind, "o_" + kind, "b_" + kind));
    ConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> new JdbcSink(reserved).prepare(SCHEMA));
    assertEquals("total-table", bad.option());

    ConfigException otherScale = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> new JdbcSink(ok).prepare(new MetricSchema(List.of("cost", "clicks"), 4)));
    assertEquals("window-table", otherScale.option());
    assertTrue(otherScale.getMessage().contains("2 decimals"), otherScale.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void windowAndLedgerRowsOlderThanTheRetentionAreDeletedOnceAMinute(Kind kind) throws Exception {
    JdbcSettings kept = TestDatabases.settings(kind, 1, 1, 10);
    JdbcSettings pruned = TestDatabases.settings(kind, 1, 1, 10).withWindowRetention(30_000);
    for (JdbcSettings settings : List.of(kept, pruned)) {
      JdbcSink sink = new JdbcSink(settings);
      for (long t = T1; t <= T1 + 120_000; t += 10_000) {
        sink.writeWindow(WINDOW, SCHEMA, new Time(t), pairs(row("a", Metric.of(1, 1, 1))));
        sink.storeOffsets("g", new Time(t), List.of(new SourceOffset("events", 0, t, t + 1, t, 0)));
      }
    }
    assertEquals(List.of("13"), rows(kept, "SELECT count(*) FROM " + kept.tables().windows()), "no retention: all kept");
    assertEquals(List.of("13"), rows(kept, "SELECT count(*) FROM " + kept.tables().batches()));
    // Pruned at T1, T1+60s (ends before T1+30s go) and T1+120s (ends before T1+90s go).
    List<String> ends = new ArrayList<>();
    for (long t = T1 + 90_000; t <= T1 + 120_000; t += 10_000) {
      ends.add(String.valueOf(t));
    }
    assertEquals(ends, rows(pruned, "SELECT window_end FROM " + pruned.tables().windows() + " ORDER BY window_end"));
    assertEquals(ends, rows(pruned, "SELECT batch_time FROM " + pruned.tables().batches() + " ORDER BY batch_time"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void eachBatchsRangesGoToTheLedgerWithTheOffsetsAndARerunRewritesThem(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 1, 1, 10);
    JdbcSink sink = new JdbcSink(settings);
    long origin = T1 - 10_000;
    List<SourceOffset> first = List.of(new SourceOffset("events", 0, 0, 5, T1, origin),
        new SourceOffset("events", 1, 0, 0, T1, origin));
    sink.storeOffsets("g", new Time(T1), first);
    List<String> afterFirst = ledger(settings);
    sink.storeOffsets("g", new Time(T1), first); // the batch re-run after a recovery
    assertEquals(afterFirst, ledger(settings), "a re-run batch rewrites its rows");
    sink.storeOffsets("g", new Time(T2), List.of(new SourceOffset("events", 0, 5, 9, T2, origin),
        new SourceOffset("events", 1, 0, 2, T2, origin)));
    sink.storeOffsets("other", new Time(T2), List.of(new SourceOffset("events", 0, 0, 1, T2, T1)));

    assertEquals(List.of(
            "g|events|0|" + T1 + "|0|5|" + origin,
            "g|events|0|" + T2 + "|5|9|" + origin,
            "g|events|1|" + T1 + "|0|0|" + origin,
            "g|events|1|" + T2 + "|0|2|" + origin,
            "other|events|0|" + T2 + "|0|1|" + T1),
        ledger(settings));
    assertEquals(List.of(new SourceOffset("events", 0, 5, 9, T2, origin), new SourceOffset("events", 1, 0, 2, T2, origin),
        new SourceOffset("events", 0, 0, 5, T1, origin), new SourceOffset("events", 1, 0, 0, T1, origin)).stream()
            .sorted(java.util.Comparator.comparing(SourceOffset::toString)).toList(),
        sink.storedBatches("g").stream().sorted(java.util.Comparator.comparing(SourceOffset::toString)).toList());
    assertEquals(List.of("events|0|9|" + T2, "events|1|2|" + T2), rows(settings, "SELECT topic, kafka_partition, "
        + "until_offset, batch_time FROM " + settings.tables().offsets() + " WHERE group_id = 'g' ORDER BY kafka_partition"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void offsetsAreNotStoredWhenTheLedgerRowsCannotBe(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 1, 1, 10);
    JdbcSink sink = new JdbcSink(settings);
    sink.prepare(SCHEMA);
    try (Connection c = TestDatabases.connect(settings); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + settings.tables().batches() + " ADD CONSTRAINT no_13 CHECK (from_offset <> 13)");
    }
    sink.storeOffsets("g", new Time(T1), List.of(new SourceOffset("events", 0, 0, 13, T1, 0)));
    IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> sink.storeOffsets("g", new Time(T2), List.of(new SourceOffset("events", 0, 13, 20, T2, 0))));
    assertTrue(failed.getMessage().contains("batch " + T2), failed.getMessage());
    assertEquals(List.of(new SourceOffset("events", 0, 13, T1)), sink.storedOffsets("g"),
        "the offsets and the ledger are one transaction");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theReaderReadsBackWhatWasWritten(Kind kind) throws Exception {
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    sink.writeWindow(WINDOW, SCHEMA, new Time(T1), pairs(row("a", Metric.of(2, 150, 300)), row("b", Metric.of(1, -25, 0))));
    sink.writeTotals(SCHEMA, new Time(T2), pairs(row("a", new TotalState(Metric.of(7, 1000, 300), T1, T2, 0))));
    sink.writeRejects(new Time(T1), sc.parallelize(List.of(new Reject("kafka:e", 1, "bad", "x"),
        new Reject("kafka:e", 2, "bad", "y"), new Reject("socket:s", 1, "bad", "z"))), 3);
    sink.writeRejects(new Time(T2), sc.parallelize(List.of(new Reject("kafka:e", 1, "bad", "x"))), 1);
    EventWindowKey eventWindow = new EventWindowKey(300_000, 60_000, T1 - 70_000, "c");
    sink.writeEventWindows(SCHEMA, new Time(T2), sc.parallelize(List.of(
        new EventWindowRow(eventWindow, Metric.of(3, 250, -300), true)), 1));

    List<String> windows = new ArrayList<>();
    List<String> totals = new ArrayList<>();
    List<String> eventWindows = new ArrayList<>();
    List<String> rejects = new ArrayList<>();
    try (SinkReader reader = SinkReader.open(settings)) {
      reader.windows(SCHEMA, (w, s, end, key, m) -> windows.add(w + "|" + s + "|" + end + "|" + key + "|" + m));
      reader.totals(SCHEMA, (key, total) -> totals.add(key + "|" + total));
      assertEquals(java.util.Map.of(T1, 2L, T2, 1L), reader.rejectCounts("kafka:e"));
      assertEquals(java.util.Map.of(T1, 3L, T2, 1L), reader.rejectCounts(input -> input.contains(":")));
      assertEquals(java.util.Map.of(T1, 1L), reader.rejectCounts(input -> input.startsWith("socket:")));
      reader.eventWindows(SCHEMA, (w, s, start, key, end, m, isFinal, batch) -> eventWindows.add(w + "|" + s + "|"
          + start + "|" + key + "|" + end + "|" + m + "|" + isFinal + "|" + batch));
      reader.rejects(input -> input.startsWith("kafka:"), (input, batch, position, reason) -> rejects.add(input + "|"
          + batch + "|" + position + "|" + reason));
    }
    assertEquals(List.of("300000|60000|" + (T1 - 70_000) + "|c|" + (T1 + 230_000) + "|" + Metric.of(3, 250, -300)
        + "|true|" + T2), eventWindows);
    assertEquals(List.of("kafka:e|" + T1 + "|1|bad", "kafka:e|" + T1 + "|2|bad", "kafka:e|" + T2 + "|1|bad"),
        rejects.stream().sorted().toList());
    assertEquals(List.of("30000|10000|" + T1 + "|a|" + Metric.of(2, 150, 300),
        "30000|10000|" + T1 + "|b|" + Metric.of(1, -25, 0)), windows.stream().sorted().toList());
    assertEquals(List.of("a|" + new TotalState(Metric.of(7, 1000, 300), T1, T2, 0)), totals);
  }

  private static List<String> ledger(JdbcSettings settings) throws SQLException {
    return rows(settings, "SELECT group_id, topic, kafka_partition, batch_time, from_offset, until_offset, origin_time "
        + "FROM " + settings.tables().batches() + " ORDER BY group_id, kafka_partition, batch_time");
  }

  private static <V> Tuple2<String, V> row(String key, V value) {
    return new Tuple2<>(key, value);
  }

  @SafeVarargs
  private static <V> JavaPairRDD<String, V> pairs(Tuple2<String, V>... rows) {
    return sc.parallelizePairs(List.of(rows), 2);
  }

  private static List<String> snapshot(JdbcSettings settings) throws SQLException {
    List<String> all = new ArrayList<>();
    for (String table : List.of(settings.tables().windows(), settings.tables().totals(), settings.tables().rejects())) {
      all.add(table + ":" + rows(settings, "SELECT * FROM " + table).stream().sorted().toList());
    }
    return all;
  }

  /** Rows as {@code a|b|c}, timestamps as epoch ms, decimals as plain text. */
  static List<String> rows(JdbcSettings settings, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = TestDatabases.connect(settings); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          if (value instanceof java.time.OffsetDateTime odt) {
            value = odt.toInstant().toEpochMilli();
          } else if (value instanceof java.sql.Timestamp ts) {
            value = ts.getTime();
          } else if (value instanceof java.math.BigDecimal bd) {
            value = bd.toPlainString();
          }
          row.append(i == 1 ? "" : "|").append(value);
        }
        out.add(row.toString());
      }
    }
    assertFalse(out.contains(null));
    return out;
  }
}
