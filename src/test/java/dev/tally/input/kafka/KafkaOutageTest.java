package dev.tally.input.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.KafkaBroker;
import dev.tally.testing.TallyProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Tally process on a real broker that goes away for 15 s mid-stream. Tally either rides it
 * out or exits 1 (a batch could not be planned) and is restarted, as a supervisor would, from its
 * checkpoint; either way the final totals are exact.
 */
class KafkaOutageTest {
  @TempDir Path work;

  @Test
  void aFifteenSecondBrokerOutageLosesAndRepeatsNothing() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic("outage", 3);
      Map<String, Long> expected = new TreeMap<>();
      List<String> before = lines(120, 0, expected);
      List<String> after = lines(90, 1, expected);
      after.add("zz-last");
      expected.put("zz-last", 1L);

      broker.produce("outage", before);
      TallyProcess tally = start(broker);
      int restarts = 0;
      try {
        tally.await("^\\s+k0\\s+n=24\\b", 120); // the first records are counted
        broker.stop();
        tally.exitsWithin(15); // the outage: Tally rides it out, or exits 1 when a batch cannot be planned
        broker.restart();
        broker.produce("outage", after);
        while (true) { // what spark-submit --supervise does: restart a driver that failed
          try {
            String line = tally.await("^\\s+zz-last\\s+n=1\\b|Tally failed", 180);
            if (line.contains("Tally failed")) {
              throw new TallyProcess.Exited(tally.waitForExit(120), "zz-last");
            }
            // Then let it catch up with the batches it missed, so the graceful stop has little to finish.
            tally.awaitAfter("zz-last", "health: batch .* delay=\\d{1,4}ms|Tally failed", 180);
            if (tally.output().contains("Tally failed")) {
              throw new TallyProcess.Exited(tally.waitForExit(120), "a caught-up batch");
            }
            break;
          } catch (TallyProcess.Exited e) {
            assertEquals(1, e.code(), "a failure exits 1 so that the supervisor restarts it");
            assertTrue(++restarts <= 3, "restarted more than 3 times");
            tally.close();
            tally = start(broker);
          }
        }
        tally.terminate();
        assertEquals(0, tally.waitForExit(120), tally.output());
      } finally {
        tally.close();
      }
      System.out.println("broker outage: Tally was restarted " + restarts + " time(s)");
      assertEquals(expected, totals());
    }
  }

  /** {@code n} word lines "k0 k1 ..." cycling over five keys; adds their counts to {@code expected}. */
  private static List<String> lines(int n, int offset, Map<String, Long> expected) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "k" + ((i + offset) % 5);
      lines.add(key);
      expected.merge(key, 1L, Long::sum);
    }
    return lines;
  }

  private TallyProcess start(KafkaBroker broker) throws Exception {
    return TallyProcess.start(work, "--checkpoint-dir", work.resolve("checkpoint").toString(),
        "--kafka-bootstrap", broker.bootstrap(), "--kafka-topics", "outage", "--kafka-group", "outage",
        "--kafka-property", "default.api.timeout.ms=10000", "--batch", "1s", "--window", "2s/1s",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--top", "10",
        "--sink", "jdbc,console", "--jdbc-url", jdbcUrl());
  }

  private String jdbcUrl() {
    return "jdbc:h2:file:" + work.resolve("db").resolve("tally") + ";AUTO_SERVER=TRUE";
  }

  private Map<String, Long> totals() throws Exception {
    Map<String, Long> totals = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "tally", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT metric_key, event_count FROM tally_totals")) {
      while (rs.next()) {
        totals.put(rs.getString(1), rs.getLong(2));
      }
    }
    return totals;
  }
}
