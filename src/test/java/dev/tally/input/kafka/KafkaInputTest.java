package dev.tally.input.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSink;
import dev.tally.testing.Feed;
import dev.tally.testing.KafkaBroker;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka input against a real broker (its own JVM, started through deploy/kafka.sh) and a real
 * PostgreSQL sink, batch by batch under a ManualClock: exact results, offsets stored with them,
 * restarts from the checkpoint and from a new checkpoint, and no offsets for a failed batch.
 */
class KafkaInputTest {
  private static final Map<String, String> TWENTY_PER_PARTITION_AND_BATCH =
      Map.of("spark.streaming.kafka.maxRatePerPartition", "20", "spark.streaming.backpressure.enabled", "false");

  private static KafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  private static GraphSettings graph() {
    return Settings.batches(1000).csv(2, "cost").window("2s/1s").build();
  }

  /** The job on one topic and group, writing to {@code sink}; extra Spark settings for a new context. */
  private static StreamingHarness job(Path checkpoint, String topic, String group, Sink sink,
      Map<String, String> sparkConf) {
    return StreamingHarness.create(checkpoint, graph(), List.of(new KafkaInput(kafka(topic, group))), sink, sparkConf);
  }

  private static StreamingHarness job(Path checkpoint, String topic, String group, Sink sink) {
    return job(checkpoint, topic, group, sink, Map.of());
  }

  private static KafkaSettings kafka(String topic, String group) {
    return new KafkaSettings(broker.bootstrap(), List.of(topic), null, group, group + "-driver", "earliest", Map.of());
  }

  @Test
  void resultsAreExactAndTheOffsetsStoredWithThemMatchTheTopic() throws Exception {
    String topic = "exact";
    broker.createTopic(topic, 3);
    Feed feed = Feed.of(330, 1);
    broker.produce(topic, feed.lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);

    try (StreamingHarness job = job(tmp.resolve("cp"), topic, "exact-group", new JdbcSink(db),
        TWENTY_PER_PARTITION_AND_BATCH).start()) {
      int batches = runUntil(job, () -> storedOffsetSum(db, "exact-group") == 330);
      assertEquals(6, batches, "20 records per partition and batch: 110 per partition take 6 batches");
      assertEquals(feed.totals(), Feed.storedTotals(db));
      assertEquals(expectedWindows(feed.lines(), batches), windows(db), "every 2s/1s window, exactly");
      assertEquals(List.of(String.valueOf(feed.rejects())), rows(db, "SELECT count(*) FROM " + db.tables().rejects()));
      assertEquals(endOffsets(topic), storedOffsets(db, "exact-group"));
      List<SourceOffset> ledger = new ArrayList<>();
      for (int b = 1; b <= batches; b++) {
        for (int p = 0; p < 3; p++) {
          // The clock starts at 0: the first batch is at 1 s, so the graph's origin is 0.
          ledger.add(new SourceOffset(topic, p, 20L * (b - 1), Math.min(20L * b, 110), b * 1000L, 0));
        }
      }
      assertEquals(ledger, ledger(db, "exact-group"), "one ledger row per partition and batch, as read");

      // commitAsync sends with a later poll: Kafka's own tools then see no lag
      Map<TopicPartition, Long> ends = endOffsets(topic);
      runUntil(job, () -> ends.equals(committedOffsets("exact-group")));
    }
  }

  @Test
  void recordsBehindIsWhatTheTopicHoldsPastTheOffsetsOfTheLastBatch() throws Exception {
    String topic = "behind";
    broker.createTopic(topic, 3);
    List<String> lines = Feed.of(300, 3).lines(); // 100 per partition
    broker.produce(topic, lines);

    try (StreamingHarness job = job(tmp.resolve("cp"), topic, "behind-group", new dev.tally.testing.CollectingSink(),
        TWENTY_PER_PARTITION_AND_BATCH).watchHealth().start()) {
      job.runBatches(2); // at most 20 records per partition and batch
      Map<TopicPartition, Long> ends = endOffsets(topic);
      assertEquals(lines.size(), ends.values().stream().mapToLong(Long::longValue).sum());
      long read = 0;
      for (long end : ends.values()) {
        read += Math.min(end, 40);
      }
      assertEquals(lines.size() - read, awaitRecordsBehind(job, topic, lines.size() - read));
      job.runBatches(4); // the rest: at most 100 per partition
      assertEquals(0, awaitRecordsBehind(job, topic, 0));
    }
  }

  /** Polls Tally's gauge of the topic until it shows {@code expected} or 30 s passed; returns its last value. */
  private static long awaitRecordsBehind(StreamingHarness job, String topic, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Long value = null;
    while (System.nanoTime() < deadline) {
      var gauge = job.health().metrics().metricRegistry().getGauges().get("records_behind." + topic);
      value = gauge == null ? null : (Long) gauge.getValue();
      if (value != null && value == expected) {
        return value;
      }
      Thread.sleep(20); // the figure is set by a thread of its own after the batch: polled, bounded by the deadline
    }
    return value == null ? Long.MIN_VALUE : value;
  }

  @Test
  void aRestartFromTheCheckpointAfterAStopWithoutGraceLosesAndRepeatsNothing() throws Exception {
    String topic = "restart";
    broker.createTopic(topic, 3);
    Feed feed = Feed.of(300, 2);
    broker.produce(topic, feed.lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    Path checkpoint = tmp.resolve("cp");

    try (StreamingHarness job = job(checkpoint, topic, "restart-group", new JdbcSink(db),
        TWENTY_PER_PARTITION_AND_BATCH).start()) {
      job.runBatches(2); // 120 of 300 records, then a stop without grace
    }
    try (StreamingHarness job = job(checkpoint, topic, "restart-group", new JdbcSink(db))) {
      assertTrue(!job.createdNew(), "recovered from the checkpoint");
      job.start();
      runUntil(job, () -> storedOffsetSum(db, "restart-group") == 300);
      assertEquals(feed.totals(), Feed.storedTotals(db));
    }
    assertEquals(java.util.Set.of(0L), chainedLedgerOrigins(db, "restart-group"), "a recovery keeps the origin");
  }

  @Test
  void aNewCheckpointResumesFromTheStoredOffsetsAndContinuesTheTotals() throws Exception {
    String topic = "upgrade";
    broker.createTopic(topic, 3);
    Feed first = Feed.of(150, 3);
    broker.produce(topic, first.lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);

    try (StreamingHarness job = job(tmp.resolve("cp-v1"), topic, "upgrade-group", new JdbcSink(db))) {
      job.start();
      runUntil(job, () -> storedOffsetSum(db, "upgrade-group") == 150);
      assertEquals(first.totals(), Feed.storedTotals(db));
    }

    Feed second = Feed.of(90, 4);
    broker.produce(topic, second.lines());
    try (StreamingHarness job = job(tmp.resolve("cp-v2"), topic, "upgrade-group", new JdbcSink(db))) {
      assertTrue(job.createdNew(), "a new checkpoint directory: the upgrade path");
      job.clock().setTime(600_000); // later batch times than the first run's, as the wall clock would give
      job.start();
      runUntil(job, () -> storedOffsetSum(db, "upgrade-group") == 240);
      assertEquals(first.plus(second).totals(), Feed.storedTotals(db), "totals continue: nothing lost, nothing twice");
      assertEquals(List.of(String.valueOf(first.rejects() + second.rejects())),
          rows(db, "SELECT count(*) FROM " + db.tables().rejects()));
    }

    // A crash of the new checkpoint before its state was ever checkpointed: recovery recomputes the
    // totals from the first batch, seed included.
    Feed third = Feed.of(60, 6);
    broker.produce(topic, third.lines());
    try (StreamingHarness job = job(tmp.resolve("cp-v2"), topic, "upgrade-group", new JdbcSink(db))) {
      assertTrue(!job.createdNew());
      job.start();
      runUntil(job, () -> storedOffsetSum(db, "upgrade-group") == 300);
      assertEquals(first.plus(second).plus(third).totals(), Feed.storedTotals(db));
    }
    assertEquals(java.util.Set.of(0L, 600_000L), chainedLedgerOrigins(db, "upgrade-group"),
        "the new checkpoint has its own origin, kept by its recovery");

    // Another group on the same tables has no stored offsets: seeding would count twice, so it is refused.
    org.junit.jupiter.api.Assertions.assertThrows(dev.tally.graph.StartRefusedException.class, () ->
        job(tmp.resolve("cp-other"), topic, "another-group", new JdbcSink(db)));
  }

  @Test
  void noOffsetsAreStoredOnceAnOutputFailedOnTheExecutors() throws Exception {
    String topic = "failing";
    broker.createTopic(topic, 3);
    broker.produce(topic, Feed.of(30, 5).lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 1, 1, 10);
    FailingTotals sink = new FailingTotals(new JdbcSink(db));

    try (StreamingHarness job = job(tmp.resolve("cp"), topic, "failing-group", sink).start()) {
      job.runBatch(); // its totals write fails in a task, as a database write past its retries does
      assertTrue(sink.failures > 0, "the totals output failed");
      broker.produce(topic, Feed.of(30, 7).lines());
      sink.healthy = true;
      job.runBatches(2); // later batches write, but their offsets would cover the failed one: none stored
      assertEquals(Map.of(), storedOffsets(db, "failing-group"), "no offsets stored after a failed output");
    }
  }

  /** Delegates to the database but fails totals writes on the executors until healthy. */
  private static final class FailingTotals implements Sink {
    private final Sink delegate;
    private int failures;
    private boolean healthy;

    FailingTotals(Sink delegate) {
      this.delegate = delegate;
    }

    @Override
    public long writeWindow(WindowSpec w, MetricSchema s, Time t, JavaPairRDD<String, Metric> rows) {
      return delegate.writeWindow(w, s, t, rows);
    }

    @Override
    public long writeTotals(MetricSchema s, Time t, JavaPairRDD<String, TotalState> changed) {
      if (healthy) {
        return delegate.writeTotals(s, t, changed);
      }
      failures++;
      changed.foreachPartition(new FailInTask()); // throws Spark's checked SparkException here
      return 0;
    }

    @Override
    public long writeRejects(Time t, JavaRDD<Reject> rejects, long count) {
      return delegate.writeRejects(t, rejects, count);
    }

    @Override
    public void storeOffsets(String group, Time t, List<SourceOffset> offsets) {
      delegate.storeOffsets(group, t, offsets);
    }

    @Override
    public List<SourceOffset> storedOffsets(String group) {
      return delegate.storedOffsets(group);
    }
  }

  /** A partition write that fails on the executor. */
  private static final class FailInTask
      implements org.apache.spark.api.java.function.VoidFunction<java.util.Iterator<scala.Tuple2<String, TotalState>>> {
    private static final long serialVersionUID = 1L;

    @Override
    public void call(java.util.Iterator<scala.Tuple2<String, TotalState>> rows) {
      throw new IllegalStateException("database unavailable (test)");
    }
  }

  private static int runUntil(StreamingHarness job, ThrowingCondition done) throws Exception {
    int batches = 0;
    while (!done.holds()) {
      assertTrue(++batches <= 60, "not done after 60 batches; failed outputs: " + job.outputFailures());
      job.runBatch();
    }
    return batches;
  }

  /**
   * Line j went to partition j % 3 at offset j / 3; batch b (1-based) read offsets [20(b-1), 20b) of
   * every partition. So each 2 s window is known exactly: rows {@code end|key|count|sum}.
   */
  private static java.util.Set<String> expectedWindows(List<String> lines, int batches) {
    List<List<dev.tally.testing.Reference.Event>> perBatch = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      perBatch.add(new ArrayList<>());
    }
    for (int j = 0; j < lines.size(); j++) {
      String[] f = lines.get(j).split(",");
      if (f.length == 2 && !f[1].equals("not-a-number")) {
        long cents = new java.math.BigDecimal(f[1]).movePointRight(2).longValueExact();
        perBatch.get(j / 3 / 20).add(new dev.tally.testing.Reference.Event(f[0], cents));
      }
    }
    java.util.Set<String> rows = new java.util.TreeSet<>();
    dev.tally.testing.Reference.windows(perBatch, 1000, 2000, 1000, batches * 1000L).forEach((end, keys) ->
        keys.forEach((key, m) -> rows.add(end + "|" + key + "|" + m.count() + "|"
            + java.math.BigDecimal.valueOf(m.sum(0), 2).toPlainString())));
    return rows;
  }

  private static java.util.Set<String> windows(JdbcSettings db) throws Exception {
    return new java.util.TreeSet<>(rows(db, "SELECT window_end, metric_key, event_count, sum_cost FROM "
        + db.tables().windows()));
  }

  private interface ThrowingCondition {
    boolean holds() throws Exception;
  }

  private static Map<TopicPartition, Long> storedOffsets(JdbcSettings db, String group) {
    Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
    for (SourceOffset o : new JdbcSink(db).storedOffsets(group)) {
      offsets.put(new TopicPartition(o.topic(), o.partition()), o.untilOffset());
    }
    return offsets;
  }

  /** The ledger rows, by batch time then partition. */
  private static List<SourceOffset> ledger(JdbcSettings db, String group) {
    return new JdbcSink(db).storedBatches(group).stream().sorted(java.util.Comparator
        .comparingLong(SourceOffset::batchTimeMs).thenComparingInt(SourceOffset::partition)).toList();
  }

  /**
   * The origins in the ledger, after checking that it chains: in each partition every batch starts
   * where the one before ended, from offset 0 to the stored offset, one batch per batch interval of
   * each origin.
   */
  private static java.util.Set<Long> chainedLedgerOrigins(JdbcSettings db, String group) {
    Map<TopicPartition, Long> next = new java.util.HashMap<>();
    Map<Long, Long> lastBatchOfOrigin = new java.util.HashMap<>();
    for (SourceOffset row : ledger(db, group)) {
      TopicPartition tp = new TopicPartition(row.topic(), row.partition());
      assertEquals(next.getOrDefault(tp, 0L), row.fromOffset(), "where " + row + " starts");
      next.put(tp, row.untilOffset());
      long last = lastBatchOfOrigin.getOrDefault(row.originMs(), row.originMs());
      assertTrue(row.batchTimeMs() == last || row.batchTimeMs() == last + 1000, "batch after " + last + ": " + row);
      lastBatchOfOrigin.put(row.originMs(), row.batchTimeMs());
    }
    assertEquals(storedOffsets(db, group), next);
    return lastBatchOfOrigin.keySet();
  }

  private static long storedOffsetSum(JdbcSettings db, String group) {
    return storedOffsets(db, group).values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
    try (AdminClient admin = AdminClient.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()))) {
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int p = 0; p < 3; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
      admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }

  private static Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
    try (AdminClient admin = AdminClient.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()))) {
      Map<TopicPartition, Long> committed = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
      offsets.forEach((tp, om) -> committed.put(tp, om.offset()));
      return committed;
    }
  }

  private static List<String> rows(JdbcSettings db, String sql) throws Exception {
    return dev.tally.sink.jdbc.JdbcSinkTestRows.rows(db, sql);
  }
}
