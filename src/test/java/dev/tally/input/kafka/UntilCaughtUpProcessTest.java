package dev.tally.input.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.EventWindowTable;
import dev.tally.testing.KafkaBroker;
import dev.tally.testing.TallyProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --until-caught-up}, the real main in its own JVM against a real broker: a topic filled before
 * the start is read to its end in several rate-bounded batches, every event-time window is written
 * final, and the process exits 0 by itself. A second run over the same checkpoint and tables reads
 * nothing new and changes none of the results.
 */
class UntilCaughtUpProcessTest {
  /** A multiple of 10 s, a minute ago: event windows older than --window-retention (7 days) are pruned. */
  private static final long T0 = (System.currentTimeMillis() - 60_000) / 10_000 * 10_000;
  private static final int EVENTS = 600;

  private static KafkaBroker broker;

  @TempDir Path work;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  /** Event i: key k(i mod 7), value i, 50 ms apart over 30 s, so three 10 s windows; within the 1 m delay: none late. */
  private static List<String> events() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      lines.add("k" + (i % 7) + "," + i + "," + (T0 + i * 50L));
    }
    lines.add(300, "k1,not-a-number," + T0); // a malformed line: a reject, not a stop
    return lines;
  }

  /** What the event-window table must hold: per (window start, key), the count and sum, all final. */
  private static Map<String, String> expectedWindows() {
    Map<String, long[]> sums = new TreeMap<>();
    for (int i = 0; i < EVENTS; i++) {
      long start = (T0 + i * 50L) / 10_000 * 10_000;
      long[] s = sums.computeIfAbsent(start + " k" + (i % 7), k -> new long[2]);
      s[0]++;
      s[1] += i;
    }
    Map<String, String> rows = new TreeMap<>();
    sums.forEach((k, s) -> rows.put(k, s[0] + " " + s[1] + " final=1"));
    return rows;
  }

  @Test
  void readsTheTopicToItsEndClosesEveryWindowAndExitsZeroThenASecondRunChangesNothing() throws Exception {
    String topic = filledTopic("until-caught-up");
    String db = database();

    String first;
    try (TallyProcess tally = start(db, topic)) {
      assertEquals(0, tally.waitForExit(180), tally.output());
      first = tally.output();
    }
    assertTrue(first.contains("Until caught up: caught up: batch "), first);
    assertTrue(first.contains("every event-time window is final; stopping gracefully"), first);
    assertTrue(first.contains("Stopped gracefully"), first);
    long batchesRead = first.lines().filter(l -> l.contains("health: batch_time=") && !l.contains(" lines=0 ")).count();
    assertTrue(batchesRead >= 3, "bounded by --kafka-max-rate, so several batches: " + batchesRead);

    assertEquals(expectedWindows(), EventWindowTable.rows(db, false));
    Map<String, String> windows = EventWindowTable.rows(db, true);
    List<String> rejects = EventWindowTable.query(db, "SELECT reason FROM tally_rejects");
    assertEquals(1, rejects.size(), String.valueOf(rejects));
    assertTrue(rejects.get(0).contains("not-a-number"), rejects.get(0));
    List<String> offsets = EventWindowTable.query(db, "SELECT topic || '/' || kafka_partition || '=' || until_offset FROM tally_offsets "
        + "ORDER BY kafka_partition");
    long stored = offsets.stream().mapToLong(o -> Long.parseLong(o.substring(o.indexOf('=') + 1))).sum();
    assertEquals(EVENTS + 1, stored, "both partitions read to their end: " + offsets);
    List<String> totals = EventWindowTable.query(db, "SELECT metric_key || ' ' || event_count FROM tally_totals ORDER BY metric_key");
    // The ledger has a row per partition and batch, empty ranges included: the ranges that read something.
    String rangesRead = "SELECT kafka_partition || ' ' || from_offset || '-' || until_offset || ' ' || batch_time "
        + "FROM tally_batches WHERE until_offset > from_offset ORDER BY batch_time, kafka_partition";
    List<String> ledger = EventWindowTable.query(db, rangesRead);

    try (TallyProcess again = start(db, topic)) {
      assertEquals(0, again.waitForExit(180), again.output());
      assertTrue(again.output().contains("Until caught up: caught up: batch "), again.output());
    }
    assertEquals(windows, EventWindowTable.rows(db, true), "the event windows, their batch times included, are unchanged");
    assertEquals(1, EventWindowTable.query(db, "SELECT reason FROM tally_rejects").size());
    assertEquals(offsets, EventWindowTable.query(db, "SELECT topic || '/' || kafka_partition || '=' || until_offset FROM tally_offsets "
        + "ORDER BY kafka_partition"));
    assertEquals(totals, EventWindowTable.query(db, "SELECT metric_key || ' ' || event_count FROM tally_totals ORDER BY metric_key"));
    assertEquals(ledger, EventWindowTable.query(db, rangesRead), "no batch of the second run read anything");
  }

  /**
   * Killed (halted, as kill -9) after the batch that closes every window wrote all its results and
   * stored its offsets, before the checkpoint recorded it as done: the next run re-runs that batch from
   * the checkpoint as a batch of an earlier run, and it must close the same windows, so the table ends
   * as a run without the crash leaves it.
   */
  @Test
  void aRunKilledInItsClosingBatchIsFinishedByTheNext() throws Exception {
    String topic = filledTopic("until-caught-up-crash");
    String db = database();
    // One batch reads the whole topic, so the first batch with data is the one that closes every window.
    List<String> oneBatch = List.of("--kafka-max-rate", "1000", "--backpressure", "false");
    try (TallyProcess killed = TallyProcess.start(work, Map.of(),
        List.of("-Dtally.crashPoint=after-batch-before-checkpoint"), args(db, topic, oneBatch))) {
      assertEquals(86, killed.waitForExit(180), killed.output());
      assertFalse(killed.output().contains("Until caught up: caught up"), "halted before the run could end");
    }
    assertEquals(expectedWindows(), EventWindowTable.rows(db, false), "written final before the halt");
    Map<String, String> beforeReRun = EventWindowTable.rows(db, true);

    try (TallyProcess next = TallyProcess.start(work, args(db, topic, oneBatch))) {
      assertEquals(0, next.waitForExit(180), next.output());
      assertTrue(next.output().contains("every event-time window is final; stopping gracefully"), next.output());
    }
    assertEquals(beforeReRun, EventWindowTable.rows(db, true), "the re-run closing batch rewrote the same final rows");
    assertEquals(1, EventWindowTable.query(db, "SELECT reason FROM tally_rejects").size());
  }

  /** A new topic of 2 partitions holding {@link #events()}, filled before any run starts. */
  private static String filledTopic(String topic) throws Exception {
    broker.createTopic(topic, 2);
    broker.produce(topic, events());
    return topic;
  }

  private String database() {
    return "jdbc:h2:file:" + work.resolve("db").resolve("tally") + ";AUTO_SERVER=TRUE";
  }

  private TallyProcess start(String db, String topic) throws Exception {
    return TallyProcess.start(work, args(db, topic, List.of("--kafka-max-rate", "100")));
  }

  private String[] args(String db, String topic, List<String> rate) {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", work.resolve("checkpoint").toString(),
        "--kafka-bootstrap", broker.bootstrap(), "--kafka-topics", topic, "--kafka-group", "scheduled",
        "--format", "csv", "--csv-columns", "key,v,t", "--values", "v", "--event-time", "t",
        "--event-window", "10s/10s", "--watermark", "1m", "--batch", "1s",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--sink", "jdbc", "--jdbc-url", db,
        "--until-caught-up"));
    args.addAll(rate);
    return args.toArray(new String[0]);
  }
}
