package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.input.InputSource;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSink;
import dev.tally.testing.TestDatabases;
import dev.tally.testing.EventTimeReference;
import dev.tally.testing.EventTimeReference.Spec;
import dev.tally.testing.EventTimeReference.TimedEvent;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-time windows through the real graph under a {@code ManualClock}: lateness against the
 * watermark, out-of-order events, final rows, a watermark that must not move back, recovery from the
 * checkpoint mid-stream, and a randomized comparison with {@link EventTimeReference}.
 */
class EventTimeWindowsTest {
  private static final long BATCH_MS = 1000;

  @TempDir Path checkpoint;

  private static List<String> lines(TimedEvent... events) {
    List<String> lines = new ArrayList<>();
    for (TimedEvent e : events) {
      lines.add(e.key() + "," + e.value() + "," + e.timeMs());
    }
    return lines;
  }

  private static TimedEvent ev(String key, long value, long timeMs) {
    return new TimedEvent(key, value, timeMs);
  }

  private static EventWindowRow row(long start, String key, long count, long sum, boolean isFinal) {
    return new EventWindowRow(new EventWindowKey(10_000, 10_000, start, key), Metric.of(count, sum), isFinal);
  }

  private static List<String> lateTimes(List<Reject> rejects) {
    return rejects.stream().filter(r -> r.reason().startsWith("late: ")).map(r -> r.raw()).sorted().toList();
  }

  /**
   * Tumbling 10 s windows, a 3 s delay. The batches' largest event times are 103 000, 102 000 (lower:
   * the watermark must stay at 100 000), 108 000, none and 113 000.
   */
  @Test
  void lateOutOfOrderAndFinalRowsBatchByBatch() {
    List<List<TimedEvent>> batches = List.of(
        List.of(ev("a", 1, 101_000), ev("b", 2, 103_000), ev("a", 4, 99_000)), // out of order, within the delay
        List.of(ev("a", 8, 99_999), ev("a", 16, 100_000), ev("c", 32, 102_000)), // 1 ms late; on time at the watermark
        List.of(ev("b", 64, 95_000), ev("e", 512, 99_500), ev("d", 256, 108_000)), // late (99 500 only if it moved back)
        List.of(),
        List.of(ev("f", 1024, 113_000)));
    List<List<String>> input = batches.stream().map(b -> lines(b.toArray(new TimedEvent[0]))).toList();
    GraphSettings settings = Settings.batches(BATCH_MS).csv(0, "v").eventTime(3_000, "10s/10s").build();
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings,
        List.of(new ReplayableInput("in", input, BATCH_MS))).start()) {
      job.runBatches(batches.size());
      TreeMap<Long, Set<EventWindowRow>> rows = job.sink().eventWindows();
      assertEquals(Set.of(row(100_000, "a", 1, 1, false), row(100_000, "b", 1, 2, false), row(90_000, "a", 1, 4, true)),
          rows.get(1000L), "the watermark for the next batch, 100 000, closes [90 s, 100 s): written final");
      assertEquals(Set.of(row(100_000, "a", 2, 17, false), row(100_000, "c", 1, 32, false)), rows.get(2000L));
      assertEquals(Set.of(row(100_000, "d", 1, 256, false)), rows.get(3000L));
      assertEquals(Set.of(), rows.get(4000L));
      assertEquals(Set.of(row(100_000, "a", 2, 17, true), row(100_000, "b", 1, 2, true), row(100_000, "c", 1, 32, true),
          row(100_000, "d", 1, 256, true), row(110_000, "f", 1, 1024, false)), rows.get(5000L));

      TreeMap<Long, List<Reject>> rejects = job.sink().rejects();
      assertEquals(List.of("a,8,99999"), lateTimes(rejects.get(2000L)), "late by one millisecond");
      assertEquals("late: event time 1970-01-01T00:01:39.999Z is before the watermark 1970-01-01T00:01:40Z, "
          + "every window holding it has closed", rejects.get(2000L).get(0).reason());
      assertEquals(List.of("b,64,95000", "e,512,99500"), lateTimes(rejects.get(3000L)));
      assertEquals(List.of(1000L, 2000L, 3000L, 4000L, 5000L), List.copyOf(rows.keySet()));

      List<EventTimeReference.Batch> expected = EventTimeReference.run(batches, List.of(new Spec(10_000, 10_000)), 3_000);
      assertEquals(EventTimeReference.rowsByBatchTime(expected, BATCH_MS), rows, "the reference model agrees");

      // Late events count nowhere: not in the processing-time totals either.
      Map<String, TotalState> totals = job.sink().latestTotals();
      assertEquals(Metric.of(3, 21), totals.get("a").metric(), "1 + 4 + 16; the late 8 is left out");
      assertFalse(totals.containsKey("e"));
    }
  }

  /** Random out-of-order events, a few far behind, with a tumbling and a sliding window. */
  private static List<List<TimedEvent>> randomBatches(long seed, int batches, int perBatch) {
    Random random = new Random(seed);
    List<List<TimedEvent>> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<TimedEvent> batch = new ArrayList<>();
      long clock = 1_000_000 + b * 2_000L;
      int n = random.nextInt(perBatch + 1);
      for (int i = 0; i < n; i++) {
        long time = random.nextInt(100) < 4
            ? clock - 5_000 - random.nextInt(30_000) // far behind: mostly late
            : clock - random.nextInt(7_000) + random.nextInt(1_500);
        batch.add(ev("k" + random.nextInt(7), random.nextInt(2_001) - 1_000, time));
      }
      out.add(batch);
    }
    return out;
  }

  private static final List<Spec> RANDOM_SPECS = List.of(new Spec(10_000, 10_000), new Spec(20_000, 5_000));

  private static GraphSettings randomSettings(long checkpointIntervalMs) {
    return Settings.batches(BATCH_MS).csv(0, "v").eventTime(4_000, "10s/10s", "20s/5s")
        .checkpointIntervalMs(checkpointIntervalMs).build();
  }

  @Test
  void agreesWithTheReferenceModelOverThousandsOfRandomEvents() {
    List<List<TimedEvent>> batches = randomBatches(17, 30, 300);
    int events = batches.stream().mapToInt(List::size).sum();
    assertTrue(events > 3_000, "thousands of events: " + events);
    List<List<String>> input = batches.stream().map(b -> lines(b.toArray(new TimedEvent[0]))).toList();
    try (StreamingHarness job = StreamingHarness.create(checkpoint, randomSettings(100_000),
        List.of(new ReplayableInput("random", input, BATCH_MS))).start()) {
      job.runBatches(batches.size());
      List<EventTimeReference.Batch> expected = EventTimeReference.run(batches, RANDOM_SPECS, 4_000);
      assertEquals(EventTimeReference.rowsByBatchTime(expected, BATCH_MS), job.sink().eventWindows());
      TreeMap<Long, List<Reject>> rejects = job.sink().rejects();
      long late = 0;
      for (int b = 0; b < batches.size(); b++) {
        List<String> expectedLate = lines(expected.get(b).late().toArray(new TimedEvent[0])).stream().sorted().toList();
        assertEquals(expectedLate, lateTimes(rejects.getOrDefault((b + 1) * BATCH_MS, List.of())), "batch " + (b + 1));
        late += expectedLate.size();
      }
      assertTrue(late > 20, "some events were late: " + late);
      long finals = job.sink().eventWindows().values().stream().flatMap(Set::stream).filter(EventWindowRow::isFinal).count();
      assertTrue(finals > 50, "windows closed: " + finals);
    }
  }

  /**
   * Stopped without grace after batch 7 and recovered from the checkpoint (state checkpointed every 2
   * batches, so the recovered state is a checkpointed one plus recomputed batches): the re-run batch
   * writes what its first run wrote, and the rest continues as the reference model says. After the
   * crash the input no longer has the batches before the re-run one (as a socket, or files deleted):
   * the watermark and the window state must come from the checkpoint, not from re-reading the input.
   */
  @Test
  void recoversMidStreamWithTheWatermarkItHad() {
    int total = 16;
    int beforeCrash = 7;
    List<List<TimedEvent>> batches = randomBatches(5, total, 60);
    List<List<String>> input = batches.stream().map(b -> lines(b.toArray(new TimedEvent[0]))).toList();
    ReplayableInput.LIVE.put("recover", input);
    List<InputSource> inputs = List.of(ReplayableInput.live("recover", BATCH_MS));
    GraphSettings settings = randomSettings(2_000);
    List<EventTimeReference.Batch> expected = EventTimeReference.run(batches, RANDOM_SPECS, 4_000);
    TreeMap<Long, Set<EventWindowRow>> expectedRows = EventTimeReference.rowsByBatchTime(expected, BATCH_MS);

    Set<EventWindowRow> atCrash;
    List<Reject> rejectsAtCrash;
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, inputs).start()) {
      first.runBatches(beforeCrash);
      atCrash = first.sink().eventWindows().get(beforeCrash * BATCH_MS);
      rejectsAtCrash = first.sink().rejects().get(beforeCrash * BATCH_MS);
      assertEquals(expectedRows.headMap(beforeCrash * BATCH_MS, true), first.sink().eventWindows());
      first.awaitCheckpoint(beforeCrash * BATCH_MS);
    }
    List<List<String>> forgotten = new ArrayList<>(input);
    for (int b = 0; b < beforeCrash - 1; b++) {
      forgotten.set(b, List.of());
    }
    ReplayableInput.LIVE.put("recover", forgotten);
    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings, inputs)) {
      assertFalse(second.createdNew(), "recovered from the checkpoint");
      second.start();
      second.awaitBatch(beforeCrash * BATCH_MS);
      assertEquals(atCrash, second.sink().eventWindows().get(beforeCrash * BATCH_MS), "the re-run batch writes the same rows");
      assertEquals(sorted(rejectsAtCrash), sorted(second.sink().rejects().get(beforeCrash * BATCH_MS)),
          "and decides lateness by the same watermark");
      second.runBatches(total - beforeCrash);
      assertEquals(expectedRows.tailMap(beforeCrash * BATCH_MS, true), second.sink().eventWindows());
    }
  }

  /**
   * Into a real database, with a crash and a recovery mid-stream: the event-time window table ends with
   * the reference model's latest row of every (window, key), final where the model says so, written by
   * the batch the model says.
   */
  @Test
  void theTableHoldsTheReferenceRowsAfterACrashAndRecovery() throws Exception {
    int total = 14;
    int beforeCrash = 6;
    List<List<TimedEvent>> batches = randomBatches(23, total, 40);
    List<List<String>> input = batches.stream().map(b -> lines(b.toArray(new TimedEvent[0]))).toList();
    List<InputSource> inputs = List.of(new ReplayableInput("db", input, BATCH_MS));
    GraphSettings settings = randomSettings(2_000);
    JdbcSettings db = TestDatabases.settings(TestDatabases.Kind.H2, 2, 3, 50);
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, inputs, new JdbcSink(db)).start()) {
      first.runBatches(beforeCrash);
      first.awaitCheckpoint(beforeCrash * BATCH_MS);
    }
    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings, inputs, new JdbcSink(db))) {
      assertFalse(second.createdNew());
      second.start();
      second.awaitBatch(beforeCrash * BATCH_MS);
      second.runBatches(total - beforeCrash);
    }
    Map<EventWindowKey, String> latest = new java.util.HashMap<>();
    List<EventTimeReference.Batch> expected = EventTimeReference.run(batches, RANDOM_SPECS, 4_000);
    for (int b = 0; b < expected.size(); b++) {
      for (EventWindowRow row : expected.get(b).rows()) {
        latest.put(row.window(), row.window().lengthMs() + "|" + row.window().slideMs() + "|" + row.window().startMs()
            + "|" + row.window().key() + "|" + row.metric().count() + "|" + row.metric().sum(0) + "|"
            + (row.isFinal() ? 1 : 0) + "|" + (b + 1) * BATCH_MS);
      }
    }
    List<String> stored = rows(db, "SELECT window_ms, slide_ms, window_start, metric_key, event_count, "
        + "sum_v, is_final, batch_time FROM " + db.tables().eventWindows());
    assertEquals(new TreeSet<>(latest.values()), new TreeSet<>(stored));
    assertTrue(stored.stream().filter(r -> r.contains("|1|")).count() > 10, "some windows are final");
  }

  /** Rows as {@code a|b|c}: timestamps as epoch ms, decimals as plain text. */
  private static List<String> rows(JdbcSettings db, String sql) throws java.sql.SQLException {
    List<String> out = new ArrayList<>();
    try (java.sql.Connection c = TestDatabases.connect(db); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          if (value instanceof java.time.OffsetDateTime t) {
            value = t.toInstant().toEpochMilli();
          } else if (value instanceof java.sql.Timestamp t) {
            value = t.getTime();
          } else if (value instanceof java.math.BigDecimal d) {
            value = d.toPlainString();
          }
          row.add(String.valueOf(value));
        }
        out.add(String.join("|", row));
      }
    }
    return out;
  }

  private static List<String> sorted(List<Reject> rejects) {
    return rejects == null ? List.of() : rejects.stream().map(Reject::toString).sorted().collect(Collectors.toList());
  }
}
