package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.drill.CrashPoint;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSinkTestRows;
import dev.tally.testing.Feed;
import dev.tally.testing.KafkaBroker;
import dev.tally.testing.TallyProcess;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Tally main in its own JVM, on a real Kafka broker and PostgreSQL: crash points halt it
 * as kill -9 would and a restart loses and repeats nothing; a changed build is refused at once and
 * a fresh start continues from what the sink stored.
 */
class CheckpointProcessTest {
  @TempDir Path work;

  /**
   * Tally on {@code topic}, 60 records per batch (20 per partition and second, 1 s batches, no
   * backpressure), so that batch boundaries are known; results and offsets in PostgreSQL.
   */
  private TallyProcess tally(String topic, JdbcSettings db, List<String> jvmOptions, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", work.resolve("cp").toString(),
        "--kafka-bootstrap", KafkaBroker.shared().bootstrap(), "--kafka-topics", topic, "--kafka-max-rate", "20", "--backpressure", "false", "--format", "csv", "--key", "key", "--values", "cost",
        "--decimals", "2", "--batch", "1s", "--window", "2s/1s", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--jdbc-url", db.url(), "--jdbc-user", db.user(),
        "--window-table", db.tables().windows(), "--total-table", db.tables().totals(),
        "--reject-table", db.tables().rejects(), "--offset-table", db.tables().offsets()));
    args.addAll(List.of(extra));
    if (!args.contains("--kafka-group")) {
      args.addAll(List.of("--kafka-group", topic + "-group"));
    }
    return TallyProcess.start(work, Map.of(), jvmOptions, args.toArray(new String[0]));
  }

  private static List<String> crashAt(CrashPoint point, int at) {
    return List.of("-D" + CrashPoint.PROPERTY + "=" + point.id(), "-D" + CrashPoint.AT_PROPERTY + "=" + at);
  }

  /**
   * Outside {@code mvn verify} (run it with {@code -Dtally.excludedTestGroups=}): the short drill in
   * the same build fires every crash point on the real cluster and audits the results, and CI time is
   * bounded.
   */
  @Test
  @Tag("extended")
  void eachCrashPointHaltsTheJvmAndRestartsLoseAndRepeatNothing() throws Exception {
    String topic = "crash-drill";
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopic(topic, 3);
    Feed feed = Feed.of(600, 11); // 10 batches of 60
    broker.produce(topic, feed.lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);

    // The 2nd batch's results are written, its offsets are not: the sink is one batch ahead of its offsets.
    try (TallyProcess tally = tally(topic, db, crashAt(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, 2))) {
      assertEquals(CrashPoint.EXIT_CODE, tally.waitForExit(180), tally.output());
      assertTrue(tally.output().contains("Crash point after-sink-write-before-offsets reached at batch "), tally.output());
    }
    assertEquals(60, storedOffsetSum(db, topic), "the first batch's offsets only");
    assertEquals(120, countedLines(db), "the rows of two batches");

    // Each restart re-runs the pending batch and crashes again in it, elsewhere.
    for (CrashPoint point : List.of(CrashPoint.MID_PARTITION, CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT)) {
      try (TallyProcess tally = tally(topic, db, crashAt(point, 1))) {
        assertEquals(CrashPoint.EXIT_CODE, tally.waitForExit(180), tally.output());
        String output = tally.output();
        assertTrue(output.contains("Recovered from the checkpoint"), output);
        assertTrue(output.contains("Crash point " + point.id() + " reached at "), output);
      }
    }

    // Checked while it runs on: the batches left are the empty ones Spark generated for the downtime.
    try (TallyProcess tally = tally(topic, db, List.of())) {
      tally.await("Recovered from the checkpoint", 180);
      tally.await("batch_time=\\S+ lines=0 ", 180); // batches complete in order: every record is in
      assertEquals(feed.totals(), Feed.storedTotals(db), "every record counted once");
      assertEquals(List.of(String.valueOf(feed.rejects())), rows(db, "SELECT count(*) FROM " + db.tables().rejects()));
      assertEquals(List.of(topic + "|0|200", topic + "|1|200", topic + "|2|200"), rows(db, "SELECT topic, "
          + "kafka_partition, until_offset FROM " + db.tables().offsets() + " ORDER BY kafka_partition"));
    }
  }

  @Test
  void anotherBuildIsRefusedAtOnceAndAFreshStartContinuesFromTheSink() throws Exception {
    String topic = "guard-upgrade";
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopic(topic, 3);
    Feed first = Feed.of(150, 12);
    broker.produce(topic, first.lines());
    JdbcSettings db = TestDatabases.settings(Kind.POSTGRESQL, 2, 3, 50);
    try (TallyProcess tally = tally(topic, db, List.of())) {
      tally.await("batch_time=\\S+ lines=0 ", 180);
      tally.terminate();
      assertEquals(0, tally.waitForExit(120), tally.output());
    }
    assertEquals(first.totals(), Feed.storedTotals(db));

    // A build whose AddMetrics differs: its fingerprint as that build would have written it.
    Path oldGeneration = work.resolve("cp").resolve("gen-0001");
    Path fingerprint = oldGeneration.resolve(Fingerprint.FILE_NAME);
    String text = Files.readString(fingerprint);
    String otherBuild = text.replaceFirst("(dev\\.tally\\.checkpointed\\.AddMetrics serialVersionUID=1 bytecode-sha256=)\\p{XDigit}+",
        "$1" + "0".repeat(64));
    assertNotEquals(text, otherBuild);
    Files.writeString(fingerprint, otherBuild);
    Files.delete(oldGeneration.resolve("." + Fingerprint.FILE_NAME + ".crc")); // Hadoop's checksum of the old text

    long start = System.nanoTime();
    try (TallyProcess tally = tally(topic, db, List.of())) {
      assertEquals(2, tally.waitForExit(120), tally.output());
      long seconds = (System.nanoTime() - start) / 1_000_000_000;
      String output = tally.output();
      List<String> said = output.lines().filter(line -> line.startsWith("tally: ")).toList();
      assertEquals(1, said.size(), output);
      assertTrue(said.get(0).startsWith("tally: --checkpoint-dir: the checkpoint in file:" + oldGeneration
          + " is from another build: dev.tally.checkpointed.AddMetrics changed (its bytecode differs; serialVersionUID 1 in "
          + "both); "), said.get(0));
      assertTrue(said.get(0).endsWith(" --on-checkpoint-change fresh-start (see checkpoint-recovery/README.md)"));
      assertFalse(output.contains("SparkContext") || output.contains("Recovered") || output.contains("Started"),
          "refused before Spark starts:\n" + output);
      System.out.println("A changed build was refused; the JVM exited " + seconds + " s after its start");
    }

    Feed second = Feed.of(90, 13);
    broker.produce(topic, second.lines());
    try (TallyProcess tally = tally(topic, db, List.of(), "--on-checkpoint-change", "fresh-start")) {
      tally.await("Fresh start: new checkpoint generation file:" + Pattern.quote(work.resolve("cp").resolve("gen-0002")
          + "; the old one, file:" + oldGeneration + ", is kept for a rollback"), 120);
      tally.await("Resuming kafka:guard-upgrade from the offsets stored for group guard-upgrade-group", 120);
      tally.await("Seeding the running totals of a new checkpoint with 5 stored keys", 120);
      tally.await("batch_time=\\S+ lines=0 ", 180);
      tally.terminate();
      assertEquals(0, tally.waitForExit(120), tally.output());
    }
    assertEquals(first.plus(second).totals(), Feed.storedTotals(db), "totals continue: nothing lost, nothing twice");
    assertTrue(Files.exists(fingerprint), "the old generation is kept");

    // A fresh start that may not seed (no offsets stored for this group) leaves no generation behind.
    try (TallyProcess tally = tally(topic, db, List.of(), "--kafka-group", "another-group",
        "--on-checkpoint-change", "fresh-start")) {
      assertEquals(2, tally.waitForExit(120), tally.output());
      assertTrue(tally.output().contains("\ntally: the total table has rows but no Kafka offsets are stored for this "
          + "group"), tally.output());
      assertTrue(tally.output().contains("Removed file:" + work.resolve("cp").resolve("gen-0003")), tally.output());
      assertTrue(Files.notExists(work.resolve("cp").resolve("gen-0003")));
    }

    // A plain restart finds the new generation; another --partitions is only reported.
    try (TallyProcess tally = tally(topic, db, List.of(), "--partitions", "3")) {
      tally.await("Recovered from the checkpoint in file:" + Pattern.quote(work.resolve("cp").resolve("gen-0002").toString()), 120);
      assertTrue(tally.output().contains("WARN  CheckpointGuard: --partitions 3 given, the checkpoint runs 4; the "
          + "checkpoint's settings apply until a fresh start (--on-checkpoint-change fresh-start)"), tally.output());
    }
  }

  /** Lines behind the stored results: events counted in the totals plus rejects. */
  private static long countedLines(JdbcSettings db) throws Exception {
    long events = Long.parseLong(rows(db, "SELECT coalesce(sum(event_count), 0) FROM " + db.tables().totals()).get(0));
    long rejects = Long.parseLong(rows(db, "SELECT count(*) FROM " + db.tables().rejects()).get(0));
    return events + rejects;
  }

  private static long storedOffsetSum(JdbcSettings db, String topic) throws Exception {
    return Long.parseLong(rows(db, "SELECT coalesce(sum(until_offset), 0) FROM " + db.tables().offsets()
        + " WHERE topic = '" + topic + "'").get(0));
  }

  private static List<String> rows(JdbcSettings db, String sql) throws Exception {
    return JdbcSinkTestRows.rows(db, sql);
  }
}
