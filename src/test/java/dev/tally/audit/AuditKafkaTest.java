package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.input.kafka.KafkaInput;
import dev.tally.model.SourceOffset;
import dev.tally.process.TallyConfig;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSink;
import dev.tally.testing.KafkaBroker;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit end to end: the real job reads a real Kafka topic into PostgreSQL across two
 * checkpoints (a fresh start in between: two origins, totals continued, windows restarted), then
 * the audit, given the job's own options, replays the topic and finds everything equal; a wrong
 * generator log and a tampered total are reported exactly.
 */
class AuditKafkaTest {
  private static final Map<String, String> TWENTY_PER_PARTITION_AND_BATCH =
      Map.of("spark.streaming.kafka.maxRatePerPartition", "20", "spark.streaming.backpressure.enabled", "false");

  private static KafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared(); // one broker for the test JVM, stopped by pid when it ends
  }

  /** Events {@code id,key,cost} with unique ids, a few malformed (still unique) lines among them. */
  private static List<String> events(int from, int to, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String id = String.format("e%06d", i);
      if (i % 17 == 5) {
        lines.add(i % 2 == 0 ? id + ",k1,not-a-number" : id + " has no commas");
        continue;
      }
      long cents = random.nextInt(20_001) - 10_000;
      lines.add(id + ",k" + random.nextInt(6) + "," + java.math.BigDecimal.valueOf(cents, 2).toPlainString());
    }
    return lines;
  }

  /** The job's options, as its operator gives them; the audit takes them unchanged. */
  private static List<String> jobOptions(JdbcSettings db, String topic, String group) {
    return List.of("--kafka-bootstrap", broker.bootstrap(), "--kafka-topics", topic, "--kafka-group", group,
        "--jdbc-url", db.url(), "--jdbc-user", db.user(),
        "--window-table", db.tables().windows(), "--total-table", db.tables().totals(),
        "--reject-table", db.tables().rejects(), "--offset-table", db.tables().offsets(),
        "--batch-table", db.tables().batches(),
        "--format", "csv", "--csv-columns", "id,key,cost", "--key", "key", "--values", "cost", "--decimals", "2",
        "--batch", "1s", "--window", "2s/1s", "--window", "4s/2s");
  }

  private static StreamingHarness job(Path checkpoint, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.add("--checkpoint-dir");
    args.add(checkpoint.toString());
    TallyConfig config = TallyConfig.parse(args.toArray(new String[0]), null, Map.of());
    return StreamingHarness.create(checkpoint, config.graph(), List.of(new KafkaInput(config.kafka().get())),
        new JdbcSink(config.jdbc()), TWENTY_PER_PARTITION_AND_BATCH);
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome audit(List<String> options, String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of(extra));
    int code = Audit.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The report's rows that differ, as their check names. */
  private static List<String> differing(String report) {
    return report.lines().filter(l -> l.endsWith(" DIFFERS")).map(l -> l.trim().split("  ")[0]).toList();
  }

  @Test
  void aJobAcrossTwoCheckpointsPassesAndATamperedTotalIsReportedExactly() throws Exception {
    String topic = "audited";
    String group = "audited-group";
    broker.createTopic(topic, 3);
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    List<String> options = jobOptions(db, topic, group);
    List<String> first = events(0, 150, 1);
    broker.produce(topic, first);
    try (StreamingHarness job = job(tmp.resolve("cp-v1"), options).start()) {
      runUntilStored(job, db, group, 150);
    }
    List<String> second = events(150, 240, 2);
    broker.produce(topic, second);
    try (StreamingHarness job = job(tmp.resolve("cp-v2"), options)) {
      job.clock().setTime(600_000); // a later start, as the wall clock would give: a second origin
      job.start();
      runUntilStored(job, db, group, 240);
      job.runBatches(4); // idle batches: the last windows empty out
    }
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    Path log = Files.write(tmp.resolve("generator.log"), all);

    Outcome passed = audit(options, "--generator-log", log.toString());
    assertEquals(0, passed.code(), passed.out() + passed.err());
    assertEquals(List.of(), differing(passed.out()));
    assertTrue(passed.out().contains(" batches of 2 checkpoint origin(s), 1970-01-01T00:00:01Z to "), passed.out());
    assertTrue(passed.out().contains("audit PASSED: records=240 lost=0 twice=0 pending=0 anomalies=0 totals=6/6 "),
        passed.out());
    assertTrue(passed.out().contains("rejects=14/14 offsets=3/3 generator-missing=0 generator-twice=0 not-logged=0"),
        passed.out());

    List<String> wrongLog = new ArrayList<>(all.subList(1, all.size()));
    wrongLog.add("e999999,k1,1.00");
    Outcome generator = audit(options, "--generator-log", Files.write(tmp.resolve("wrong.log"), wrongLog).toString());
    assertEquals(1, generator.code(), generator.out());
    assertEquals(List.of("generator events missing from the topic", "topic records not in the generator log"),
        differing(generator.out()));
    assertTrue(generator.out().contains("missing from the topic: e999999,k1,1.00"), generator.out());

    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("UPDATE " + db.tables().totals() + " SET event_count = event_count + 1 "
          + "WHERE metric_key = 'k3'"));
    }
    Outcome tampered = audit(options);
    assertEquals(1, tampered.code(), tampered.out());
    assertEquals(List.of("totals: keys equal"), differing(tampered.out()));
    List<String> differences = tampered.out().lines().filter(l -> l.startsWith("  totals: key ")).toList();
    assertEquals(1, differences.size(), tampered.out());
    assertTrue(differences.get(0).matches("  totals: key k3: expected n=(\\d+) cost=\\S+, found n=\\d+ cost=\\S+"),
        differences.get(0));
    assertTrue(tampered.out().contains("audit FAILED (1 of "), tampered.out());
  }

  private static void runUntilStored(StreamingHarness job, JdbcSettings db, String group, long records) {
    for (int batches = 0; storedSum(db, group) < records; batches++) {
      assertTrue(batches < 60, "not done after 60 batches");
      job.runBatch();
    }
  }

  private static long storedSum(JdbcSettings db, String group) {
    return new JdbcSink(db).storedOffsets(group).stream().mapToLong(SourceOffset::untilOffset).sum();
  }
}
