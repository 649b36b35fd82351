package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.testing.QueueInput;
import dev.tally.testing.Reference;
import dev.tally.testing.Reference.Event;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole job writing to a real database, batch by batch under a ManualClock: after every batch the
 * window, total and reject tables hold exactly what the brute-force reference says.
 */
class JdbcGraphTest {
  private static final int BATCHES = 8;
  private static final String[] KEYS = {"it's", "'; DROP TABLE x; --", "café ☕", "plain"};

  @TempDir Path checkpoint;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tablesHoldExactlyTheExpectedRowsAfterEveryBatch(Kind kind) throws Exception {
    Random random = new Random(7 + kind.ordinal());
    List<List<String>> lines = new ArrayList<>();
    List<List<Event>> events = new ArrayList<>();
    List<Integer> rejectsPerBatch = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      List<String> batchLines = new ArrayList<>();
      List<Event> batchEvents = new ArrayList<>();
      int rejects = 0;
      for (int i = 0; i < (b == 5 ? 0 : 12); i++) {
        String key = KEYS[random.nextInt(KEYS.length)];
        long cents = random.nextInt(2001) - 1000;
        batchLines.add("\"" + key.replace("\"", "\"\"") + "\"," + (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "."
            + String.format("%02d", Math.abs(cents) % 100));
        batchEvents.add(new Event(key, cents));
      }
      if (b % 3 == 0) {
        batchLines.add("no value here");
        batchLines.add("x".repeat(1_000_000)); // a 1 MB line: rejected unread, its raw text truncated
        rejects += 2;
      }
      lines.add(batchLines);
      events.add(batchEvents);
      rejectsPerBatch.add(rejects);
    }
    GraphSettings graph = Settings.batches(1000).csv(2, "cost").window("3s/1s").window("4s/2s").build();
    JdbcSettings settings = TestDatabases.settings(kind, 2, 3, 50);
    try (StreamingHarness job = StreamingHarness.create(checkpoint, graph, List.of(new QueueInput("queue", lines, 2)),
        new JdbcSink(settings)).start()) {
      for (int b = 1; b <= BATCHES; b++) {
        long now = job.runBatch();
        assertEquals(expectedWindows(graph, events, now), windowRows(settings), "windows after batch " + b);
        assertEquals(expectedTotals(events, b), totalRows(settings), "totals after batch " + b);
        int rejects = rejectsPerBatch.subList(0, b).stream().mapToInt(Integer::intValue).sum();
        assertEquals(List.of(String.valueOf(rejects)),
            JdbcSinkTest.rows(settings, "SELECT count(*) FROM " + settings.tables().rejects()));
      }
      List<String> raws = JdbcSinkTest.rows(settings, "SELECT DISTINCT raw FROM " + settings.tables().rejects());
      assertEquals(new TreeSet<>(List.of("no value here", "x".repeat(200))), new TreeSet<>(raws));
    }
  }

  private static TreeSet<String> expectedWindows(GraphSettings graph, List<List<Event>> events, long now) {
    TreeSet<String> rows = new TreeSet<>();
    for (WindowSpec w : graph.windows()) {
      for (Map.Entry<Long, Map<String, Metric>> slide
          : Reference.windows(events, 1000, w.lengthMs(), w.slideMs(), now).entrySet()) {
        slide.getValue().forEach((key, m) -> rows.add(w.lengthMs() + "|" + w.slideMs() + "|" + slide.getKey() + "|"
            + key + "|" + m.count() + "|" + java.math.BigDecimal.valueOf(m.sum(0), 2).toPlainString()));
      }
    }
    return rows;
  }

  private static TreeSet<String> windowRows(JdbcSettings settings) throws Exception {
    return new TreeSet<>(JdbcSinkTest.rows(settings, "SELECT window_ms, slide_ms, window_end, metric_key, "
        + "event_count, sum_cost FROM " + settings.tables().windows()));
  }

  /** Latest total per key, with the batch it was first and last seen in. */
  private static TreeSet<String> expectedTotals(List<List<Event>> events, int batches) {
    Map<String, Metric> totals = new TreeMap<>();
    Map<String, Long> first = new TreeMap<>();
    Map<String, Long> last = new TreeMap<>();
    Reference.changedTotals(events, 1000, batches).forEach((time, changed) -> changed.forEach((key, m) -> {
      totals.put(key, m);
      first.putIfAbsent(key, time);
      last.put(key, time);
    }));
    TreeSet<String> rows = new TreeSet<>();
    totals.forEach((key, m) -> rows.add(key + "|" + m.count() + "|"
        + java.math.BigDecimal.valueOf(m.sum(0), 2).toPlainString() + "|" + first.get(key) + "|" + last.get(key)));
    assertTrue(!rows.isEmpty());
    return rows;
  }

  private static TreeSet<String> totalRows(JdbcSettings settings) throws Exception {
    return new TreeSet<>(JdbcSinkTest.rows(settings, "SELECT metric_key, event_count, sum_cost, first_seen, last_seen FROM "
        + settings.tables().totals()));
  }
}
