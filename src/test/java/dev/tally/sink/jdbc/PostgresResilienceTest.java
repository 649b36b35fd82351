package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The writer against a real PostgreSQL server that misbehaves: connections terminated by the server,
 * the server stopped and started again. Nothing is lost, and the pool never grows past its size.
 */
class PostgresResilienceTest {
  private static final MetricSchema SCHEMA = new MetricSchema(List.of("v"), 0);
  private static final WindowSpec WINDOW = WindowSpec.parse("10s/5s");

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(StreamingHarness.conf().setAppName("postgres-resilience-test"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void fiftyBatchesOfEightPartitionsNeverCreateMoreConnectionsThanThePoolHolds() throws Exception {
    JdbcSettings settings = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    JdbcSink sink = new JdbcSink(settings);
    for (int batch = 1; batch <= 50; batch++) {
      sink.writeWindow(WINDOW, SCHEMA, new Time(batch * 5_000L), rows(40, batch, 8));
    }
    GenericObjectPool<Connection> pool = ConnectionPools.of(settings);
    assertTrue(pool.getCreatedCount() <= 2, "created " + pool.getCreatedCount() + " connections, pool size 2");
    assertEquals(List.of("2000"), JdbcSinkTest.rows(settings, "SELECT count(*) FROM " + settings.tables().windows()));
  }

  @Test
  void aConnectionTheServerTerminatedIsInvalidatedAndTheWriteLands() throws Exception {
    JdbcSettings settings = TestDatabases.settings(Kind.POSTGRESQL, 1, 4, 50);
    new JdbcSink(settings).writeWindow(WINDOW, SCHEMA, new Time(5_000), rows(3, 1, 1)); // creates the tables
    // A pool without validation on borrow, so the dead connection reaches the write itself.
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(1);
    config.setJmxEnabled(false);
    try (GenericObjectPool<Connection> pool = new GenericObjectPool<>(new ConnectionPools.Factory(settings), config)) {
      Connection pooled = pool.borrowObject();
      int pid;
      try (Statement s = pooled.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      pooled.commit();
      pool.returnObject(pooled);
      try (Connection admin = TestDatabases.connect(settings); Statement s = admin.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }

      List<Tuple2<String, Metric>> batch = rows(5, 2, 1).collect();
      UpsertSql sql = settings.dialect().upsertSql(TallyTables.windows(settings.tables(), SCHEMA));
      long written = new TransactionWriter(settings, pool).write(sql, batch, new WindowRowBinder(WINDOW, 10_000, 0));

      assertEquals(5, written);
      assertEquals(1, pool.getDestroyedCount(), "the terminated connection was invalidated, not returned");
      assertEquals(2, pool.getCreatedCount(), "and replaced by a new one");
      assertEquals(List.of("5"), JdbcSinkTest.rows(settings, "SELECT count(*) FROM " + settings.tables().windows()
          + " WHERE window_end = TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:10+00'"));
    }
  }

  @Test
  void theDatabaseStoppedForTenSecondsLosesNoRows() throws Exception {
    // Up to 12 tries, 0.5 s doubling to 4 s: about 40 s of patience, enough for a 10 s outage.
    JdbcSettings base = TestDatabases.settings(Kind.POSTGRESQL, 2, 12, 500);
    JdbcSettings settings = new JdbcSettings(base.url(), base.user(), "", 2, 12, 500, 4_000, 100, base.tables());
    JdbcSink sink = new JdbcSink(settings);
    sink.writeWindow(WINDOW, SCHEMA, new Time(5_000), rows(10, 1, 4));

    TestDatabases.stopPostgres();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Long> written = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        written.set(sink.writeWindow(WINDOW, SCHEMA, new Time(10_000), rows(10, 2, 4)));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "write-during-outage");
    writer.start();
    writer.join(Duration.ofSeconds(10).toMillis());
    assertTrue(writer.isAlive(), "after 10 s without a database the write is still retrying, not failed: "
        + failure.get());
    TestDatabases.postgresUrl(); // the database comes back on the same port with the same data
    writer.join(Duration.ofSeconds(60).toMillis());

    assertNull(failure.get());
    assertEquals(10L, written.get());
    assertEquals(List.of("20"), JdbcSinkTest.rows(settings, "SELECT count(*) FROM " + settings.tables().windows()));
  }

  /** {@code n} window rows k0..k(n-1) whose value is the batch number, in {@code partitions} partitions. */
  private static JavaPairRDD<String, Metric> rows(int n, int batch, int partitions) {
    List<Tuple2<String, Metric>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Tuple2<>("k" + i, Metric.of(1, batch)));
    }
    return sc.parallelizePairs(rows, partitions);
  }
}
