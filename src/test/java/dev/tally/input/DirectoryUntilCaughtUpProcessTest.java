package dev.tally.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.EventWindowTable;
import dev.tally.testing.TallyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --until-caught-up} over a directory, the real main in its own JVM: a scheduled run reads the
 * files that arrived since the last run (the recovered checkpoint's missed batches read them), writes
 * every event-time window final and exits 0; a run with no new file changes nothing.
 */
class DirectoryUntilCaughtUpProcessTest {
  private static final long T0 = (System.currentTimeMillis() - 60_000) / 10_000 * 10_000;

  @TempDir Path work;

  @Test
  void eachRunReadsTheFilesThatArrivedSinceTheLastAndClosesEveryWindow() throws Exception {
    Path inbox = Files.createDirectories(work.resolve("inbox"));
    Path staging = Files.createDirectories(work.resolve("staging"));
    String db = "jdbc:h2:file:" + work.resolve("db").resolve("tally") + ";AUTO_SERVER=TRUE";

    // A new checkpoint: like a streaming start, it reads files that arrive from now on, not the ones there.
    try (TallyProcess first = start(inbox, db)) {
      assertEquals(0, first.waitForExit(180), first.output());
      assertTrue(first.output().contains("Until caught up: caught up: batch "), first.output());
    }

    Map<String, long[]> expected = new TreeMap<>();
    for (int f = 0; f < 3; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = f * 50 + i;
        long time = T0 + n * 150L; // 150 events over 22.5 s: three 10 s windows
        lines.add("k" + (n % 4) + "," + n + "," + time);
        long[] sums = expected.computeIfAbsent(time / 10_000 * 10_000 + " k" + (n % 4), k -> new long[2]);
        sums[0]++;
        sums[1] += n;
      }
      Path file = staging.resolve("events-" + f + ".csv");
      Files.write(file, lines);
      Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }
    Map<String, String> expectedRows = new TreeMap<>();
    expected.forEach((k, s) -> expectedRows.put(k, s[0] + " " + s[1] + " final=1"));

    try (TallyProcess second = start(inbox, db)) {
      assertEquals(0, second.waitForExit(180), second.output());
      assertTrue(second.output().contains("every event-time window is final; stopping gracefully"), second.output());
    }
    assertEquals(expectedRows, EventWindowTable.rows(db, false));
    Map<String, String> written = EventWindowTable.rows(db, true);
    List<String> totals = EventWindowTable.query(db, "SELECT metric_key || ' ' || event_count || ' ' || sum_v FROM tally_totals "
        + "ORDER BY metric_key");
    assertEquals(4, totals.size(), String.valueOf(totals));

    try (TallyProcess third = start(inbox, db)) {
      assertEquals(0, third.waitForExit(180), third.output());
    }
    assertEquals(written, EventWindowTable.rows(db, true), "no new file: the rows and the batches that wrote them are unchanged");
    assertEquals(totals, EventWindowTable.query(db, "SELECT metric_key || ' ' || event_count || ' ' || sum_v FROM tally_totals "
        + "ORDER BY metric_key"));
  }

  private TallyProcess start(Path inbox, String db) throws Exception {
    return TallyProcess.start(work, "--checkpoint-dir", work.resolve("checkpoint").toString(),
        "--input-dir", inbox.toString(), "--format", "csv", "--csv-columns", "key,v,t", "--values", "v",
        "--event-time", "t", "--event-window", "10s/10s", "--watermark", "1m", "--batch", "1s",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--sink", "jdbc", "--jdbc-url", db,
        "--until-caught-up");
  }
}
