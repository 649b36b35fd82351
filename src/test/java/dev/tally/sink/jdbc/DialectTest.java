package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.MetricSchema;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL building and failure classification, without a database. */
class DialectTest {
  private static final TableNames NAMES = new TableNames("w", "t", "r", "o", "b");
  private static final MetricSchema SCHEMA = new MetricSchema(List.of("cost", "Clicks.Total"), 2);

  @Test
  void postgresUpsertsOverwriteWindowsAndOnlyNewerTotals() {
    assertEquals("INSERT INTO w (window_ms, slide_ms, window_end, metric_key, event_count, sum_cost, sum_clicks_total) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (window_ms, slide_ms, window_end, metric_key) DO UPDATE SET "
        + "event_count = EXCLUDED.event_count, sum_cost = EXCLUDED.sum_cost, sum_clicks_total = EXCLUDED.sum_clicks_total",
        Dialect.POSTGRESQL.upsert(TallyTables.windows(NAMES, SCHEMA)));
    assertTrue(Dialect.POSTGRESQL.upsert(TallyTables.totals(NAMES, SCHEMA))
        .endsWith(" WHERE t.last_seen <= EXCLUDED.last_seen"));
  }

  @Test
  void postgresBulkPathStagesWithCopyAndUpsertsFromTheStageWithTheSameRules() {
    UpsertSql totals = Dialect.POSTGRESQL.upsertSql(TallyTables.totals(new TableNames("w", "app.t", "r", "o", "b"), SCHEMA));
    String columns = "metric_key, event_count, sum_cost, sum_clicks_total, first_seen, last_seen";
    assertEquals("CREATE TEMP TABLE IF NOT EXISTS tally_stage_app_t (LIKE app.t) ON COMMIT DELETE ROWS", totals.stage());
    assertEquals("COPY tally_stage_app_t (" + columns + ") FROM STDIN", totals.copy());
    assertEquals("INSERT INTO app.t (" + columns + ") SELECT " + columns + " FROM tally_stage_app_t ON CONFLICT "
        + "(metric_key) DO UPDATE SET event_count = EXCLUDED.event_count, sum_cost = EXCLUDED.sum_cost, "
        + "sum_clicks_total = EXCLUDED.sum_clicks_total, first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen "
        + "WHERE app.t.last_seen <= EXCLUDED.last_seen", totals.fromStage());
    assertTrue(totals.hasBulkPath());
    UpsertSql h2 = Dialect.H2.upsertSql(TallyTables.totals(NAMES, SCHEMA));
    assertFalse(h2.hasBulkPath());
    assertEquals(Dialect.H2.upsert(TallyTables.totals(NAMES, SCHEMA)), h2.row());
  }

  @Test
  void h2MergesByKeyAndConditionallyForTotals() {
    assertEquals("MERGE INTO r (input, batch_time, position, reason, raw) KEY (input, batch_time, position) "
        + "VALUES (?, ?, ?, ?, ?)", Dialect.H2.upsert(TallyTables.rejects(NAMES)));
    String totals = Dialect.H2.upsert(TallyTables.totals(NAMES, SCHEMA));
    assertTrue(totals.startsWith("MERGE INTO t t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS BIGINT), "
        + "CAST(? AS NUMERIC(38,2))"), totals);
    assertTrue(totals.contains("WHEN MATCHED AND t.last_seen <= s.last_seen THEN UPDATE SET"), totals);
    assertEquals(6, totals.chars().filter(c -> c == '?').count(), "one parameter per column");
  }

  @Test
  void ledgerRowsAreOverwrittenByTheirBatchKey() {
    assertEquals("INSERT INTO b (group_id, topic, kafka_partition, batch_time, from_offset, until_offset, origin_time) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, topic, kafka_partition, batch_time) DO UPDATE SET "
        + "from_offset = EXCLUDED.from_offset, until_offset = EXCLUDED.until_offset, origin_time = EXCLUDED.origin_time",
        Dialect.POSTGRESQL.upsert(TallyTables.batches(NAMES)));
    assertEquals("MERGE INTO b (group_id, topic, kafka_partition, batch_time, from_offset, until_offset, origin_time) "
        + "KEY (group_id, topic, kafka_partition, batch_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
        Dialect.H2.upsert(TallyTables.batches(NAMES)));
  }

  @Test
  void tablesHaveKeysAndTypesAndPostgresTotalsLeaveRoomForInPlaceUpdates() {
    assertEquals("CREATE TABLE IF NOT EXISTS t (metric_key TEXT NOT NULL, event_count BIGINT, sum_cost NUMERIC(38,2), "
        + "sum_clicks_total NUMERIC(38,2), first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, PRIMARY KEY (metric_key)) "
        + "WITH (fillfactor = 70)", Dialect.POSTGRESQL.createTable(TallyTables.totals(NAMES, SCHEMA)));
    assertTrue(Dialect.POSTGRESQL.createTable(TallyTables.windows(NAMES, SCHEMA)).endsWith("PRIMARY KEY (window_ms, "
        + "slide_ms, window_end, metric_key))"), "window rows are written once per slide: packed");
    assertFalse(Dialect.H2.createTable(TallyTables.totals(NAMES, SCHEMA)).contains("fillfactor"));
  }

  @Test
  void dialectFollowsTheUrl() {
    assertEquals(Dialect.POSTGRESQL, Dialect.forUrl("jdbc:postgresql://db:5432/x"));
    assertEquals(Dialect.H2, Dialect.forUrl("JDBC:H2:file:/tmp/x"));
    assertThrows(IllegalArgumentException.class, () -> Dialect.forUrl("jdbc:mysql://db/x"));
  }

  @Test
  void transientFailuresAreThoseWorthRetrying() {
    assertTrue(Dialect.isTransient(new SQLException("terminated by administrator", "57P01")));
    assertTrue(Dialect.isTransient(new SQLException("connection refused", "08001")));
    assertTrue(Dialect.isTransient(new SQLException("could not serialize", "40001")));
    assertTrue(Dialect.isTransient(new SQLException("deadlock", "40P01")));
    assertTrue(Dialect.isTransient(new SQLTransientConnectionException("pool")));
    assertTrue(Dialect.isTransient(new SQLException("wrapped", null, new IOException("reset"))));
    assertFalse(Dialect.isTransient(new SQLException("syntax error", "42601")));
    assertFalse(Dialect.isTransient(new SQLException("unique violation", "23505")));
  }

  @Test
  void identifiers() {
    assertEquals("sum_cost", SqlIdentifiers.sumColumn("cost"));
    assertEquals("sum_a_b", SqlIdentifiers.sumColumn("a-b"));
    assertTrue(SqlIdentifiers.isTableName("metrics.tally_windows"));
    assertFalse(SqlIdentifiers.isTableName("tally windows"));
    assertFalse(SqlIdentifiers.isTableName("x;drop"));
    assertFalse(SqlIdentifiers.isTableName(""));
  }
}
