package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.input.DirectoryInput;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSink;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of a directory job: a real job reads files into a real database; the audit passes on
 * what it wrote, and finds a window row changed, a total missing and a reject stored twice.
 */
class DirectoryAuditTest {
  @TempDir Path checkpoint;
  @TempDir Path inbox;
  @TempDir Path staging;
  @TempDir Path tmp;

  @Test
  void passesOnWhatTheJobWroteAndFindsEveryTampering() throws Exception {
    JdbcSettings db = TestDatabases.settings(Kind.H2, 2, 3, 50);
    Path log = tmp.resolve("generator.log");
    Settings settings = Settings.batches(1000).csv(2, "cost").window("3s/1s").window("4s/2s");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new DirectoryInput(inbox.toString())), new JdbcSink(db)).start()) {
      job.runBatch();
      moveIn(job, log, "one.csv", "a,1.50\nb,2\na,0.25\n");
      job.runBatch();
      moveIn(job, log, "two.csv", "b,3\nnot,a,number\nc,0.01\n");
      moveIn(job, log, "three.csv", "a,10\n");
      job.runBatch();
      job.runBatches(4); // a window's length past the last file: every window slid past it
    }

    String[] args = {"--input-dir", inbox.toString(), "--format", "csv", "--values", "cost", "--decimals", "2",
        "--batch", "1s", "--window", "3s/1s", "--window", "4s/2s", "--jdbc-url", db.url(), "--jdbc-user", db.user(),
        "--window-table", db.tables().windows(), "--total-table", db.tables().totals(),
        "--reject-table", db.tables().rejects(), "--offset-table", db.tables().offsets(),
        "--generator-log", log.toString()};
    String passed = audit(args, 0);
    assertTrue(passed.contains("audit PASSED: totals=3/3 lost=0 twice=0 windows=6/6 rejects=1/1"), passed);

    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("UPDATE " + db.tables().windows() + " SET event_count = event_count + 1 WHERE "
          + "metric_key = 'b' AND window_ms = 3000 AND window_end = (SELECT min(window_end) FROM "
          + db.tables().windows() + " WHERE metric_key = 'b' AND window_ms = 3000)"));
      assertEquals(1, s.executeUpdate("DELETE FROM " + db.tables().totals() + " WHERE metric_key = 'c'"));
      assertEquals(1, s.executeUpdate("INSERT INTO " + db.tables().rejects() + " (input, batch_time, position, reason, "
          + "raw) SELECT input, batch_time + INTERVAL '1' SECOND, position, reason, raw FROM " + db.tables().rejects()));
    }
    String failed = audit(args, 1);
    assertTrue(failed.contains("window 3s/1s: key b: rows should sum to 3 x its total = "), failed);
    assertTrue(failed.contains("events lost (at least: missing from the totals)"), failed);
    assertTrue(failed.contains("audit FAILED (4 of 6 checks differ): totals=2/3 lost=1 twice=0 windows=5/6 rejects=2/1"), failed);
    assertTrue(failed.contains("lost=1 twice=0"), failed);
    assertTrue(failed.contains("rejects=2/1"), failed);
  }

  private static String audit(String[] args, int expectedCode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Audit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(expectedCode, code, text);
    return text;
  }

  /** As the drill's generator does: logs the lines, writes the file elsewhere, renames it into the inbox. */
  private void moveIn(StreamingHarness job, Path log, String name, String content) throws Exception {
    Files.writeString(log, content, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Path written = staging.resolve(name);
    Files.writeString(written, content);
    // FileInputDStream selects files modified up to the batch time; the ManualClock is far from now.
    Files.setLastModifiedTime(written, FileTime.fromMillis(job.clock().getTimeMillis() + job.batchMs()));
    Files.move(written, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
