package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.SourceOffset;
import dev.tally.testing.Reference;
import dev.tally.testing.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The offline recomputation, without Spark: hand-made topics and ledgers, healthy and broken. */
class ExpectedResultsTest {
  private static final WindowSpec TWO_BY_ONE = WindowSpec.parse("2s/1s");
  private static final WindowSpec FOUR_BY_TWO = WindowSpec.parse("4s/2s");
  private static final GraphSettings GRAPH = Settings.batches(1000).csv(2, "cost").window("2s/1s").window("4s/2s").build();

  /** A topic's partition as a list of lines, offset = index. */
  private static final class Topic {
    final List<List<String>> partitions = new ArrayList<>();

    Topic(int partitions) {
      for (int p = 0; p < partitions; p++) {
        this.partitions.add(new ArrayList<>());
      }
    }

    Topic add(int partition, String... lines) {
      partitions.get(partition).addAll(List.of(lines));
      return this;
    }

    /** Every record, each partition in offset order, partitions interleaved as a consumer may return them. */
    void feed(ExpectedResults results) {
      int longest = partitions.stream().mapToInt(List::size).max().orElse(0);
      for (int chunk = 0; chunk < longest; chunk += 3) {
        for (int p = 0; p < partitions.size(); p++) {
          List<String> lines = partitions.get(p);
          for (int o = chunk; o < Math.min(chunk + 3, lines.size()); o++) {
            results.record("events", p, o, lines.get(o));
          }
        }
      }
    }
  }

  private static SourceOffset range(int partition, long from, long until, long batchMs, long originMs) {
    return new SourceOffset("events", partition, from, until, batchMs, originMs);
  }

  private static SourceOffset stored(int partition, long until) {
    return new SourceOffset("events", partition, until, 0);
  }

  private static Expected run(GraphSettings graph, Topic topic, List<SourceOffset> ledger, List<SourceOffset> stored) {
    ExpectedResults results = new ExpectedResults(graph, ledger, stored);
    topic.feed(results);
    return results.finish();
  }

  private static Map<String, Metric> rows(Object... keyCountCents) {
    Map<String, Metric> rows = new TreeMap<>();
    for (int i = 0; i < keyCountCents.length; i += 3) {
      rows.put((String) keyCountCents[i], Metric.of(((Number) keyCountCents[i + 1]).longValue(),
          ((Number) keyCountCents[i + 2]).longValue()));
    }
    return rows;
  }

  @Test
  void eachBatchReadsItsRangesAndWindowsAndTotalsFollow() {
    Topic topic = new Topic(2)
        .add(0, "a,1", "b,2", "a,3", "bad line", "a,5")
        .add(1, "b,10", "", "a,0.5");
    List<SourceOffset> ledger = List.of(
        range(0, 0, 2, 1000, 0), range(1, 0, 1, 1000, 0), // a 1, b 2 | b 10
        range(0, 2, 4, 2000, 0), range(1, 1, 1, 2000, 0), // a 3, reject | (nothing)
        range(0, 4, 5, 3000, 0), range(1, 1, 3, 3000, 0)); // a 5 | blank, a 0.5
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 5), stored(1, 3)));

    assertEquals(8, e.records());
    assertEquals(8, e.counted());
    assertEquals(0, e.lost() + e.countedTwice() + e.pending());
    assertEquals(List.of(), e.ledgerAnomalies());
    assertEquals(rows("a", 4, 950, "b", 2, 1200), e.totals());
    NavigableMap<Long, Map<String, Metric>> two = e.windows().get(TWO_BY_ONE);
    assertEquals(List.of(1000L, 2000L, 3000L), List.copyOf(two.keySet()));
    assertEquals(rows("a", 1, 100, "b", 2, 1200), two.get(1000L));
    assertEquals(rows("a", 2, 400, "b", 2, 1200), two.get(2000L));
    assertEquals(rows("a", 3, 850), two.get(3000L));
    assertEquals(Map.of(2000L, rows("a", 2, 400, "b", 2, 1200)), e.windows().get(FOUR_BY_TWO),
        "output at the slides only: 4s/2s at 2 s (3 s is not a slide)");
    assertEquals(Map.of(2000L, 1L), e.rejectsByBatch());
    assertEquals(1000, e.firstBatchMs());
    assertEquals(3000, e.lastBatchMs());
  }

  @Test
  void windowsAndTotalsMatchTheBruteForceReferenceForRandomBatchSplits() {
    Random random = new Random(11);
    int partitions = 3;
    int batches = 12;
    Topic topic = new Topic(partitions);
    List<SourceOffset> ledger = new ArrayList<>();
    List<List<Reference.Event>> events = new ArrayList<>();
    long[] next = new long[partitions];
    for (int b = 1; b <= batches; b++) {
      List<Reference.Event> batch = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        int n = b == 7 ? 0 : random.nextInt(6); // batch 7 reads nothing
        for (int i = 0; i < n; i++) {
          String key = "k" + random.nextInt(4);
          long cents = random.nextInt(2001) - 1000;
          topic.add(p, key + "," + java.math.BigDecimal.valueOf(cents, 2).toPlainString());
          batch.add(new Reference.Event(key, cents));
        }
        ledger.add(range(p, next[p], next[p] + n, b * 1000L, 0));
        next[p] += n;
      }
      events.add(batch);
    }
    List<SourceOffset> stored = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      stored.add(stored(p, next[p]));
    }
    GraphSettings graph = Settings.batches(1000).csv(2, "cost").window("3s/1s").window("4s/2s").window("5s/2s").build();
    Expected e = run(graph, topic, ledger, stored);

    assertEquals(List.of(), e.ledgerAnomalies());
    for (WindowSpec w : graph.windows()) {
      assertEquals(Reference.windows(events, 1000, w.lengthMs(), w.slideMs(), batches * 1000L), e.windows().get(w),
          w.toString());
    }
    Map<String, Metric> totals = new TreeMap<>();
    Reference.changedTotals(events, 1000, batches).values().forEach(totals::putAll);
    assertEquals(totals, e.totals());
  }

  @Test
  void aBatchReRunAfterARecoveryRewritesTheSameRowAndCountsNothingTwice() {
    Topic topic = new Topic(1).add(0, "a,1", "a,2", "a,3");
    List<SourceOffset> ledger = List.of(range(0, 0, 2, 1000, 0), range(0, 2, 3, 2000, 0), range(0, 2, 3, 2000, 0));
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 3)));
    assertEquals(0, e.countedTwice());
    assertEquals(List.of(), e.ledgerAnomalies());
    assertEquals(rows("a", 3, 600), e.totals());
    assertEquals(rows("a", 3, 600), e.windows().get(TWO_BY_ONE).get(2000L));
  }

  @Test
  void anOverlapIsCountedTwiceInTheWindowsAndReportedWhileTheTotalsCountOnce() {
    Topic topic = new Topic(1).add(0, "a,1", "b,2", "a,3", "b,4", "a,5");
    List<SourceOffset> ledger = List.of(range(0, 0, 3, 1000, 0), range(0, 1, 5, 2000, 0)); // 1..2 read again
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 5)));

    assertEquals(5, e.counted());
    assertEquals(2, e.countedTwice());
    assertEquals(List.of("events-0@1", "events-0@2"), e.countedTwiceExamples());
    assertEquals(1, e.ledgerAnomalies().size(), e.ledgerAnomalies().toString());
    assertTrue(e.ledgerAnomalies().get(0).startsWith("events-0: overlap, offsets 1..2 read again"),
        e.ledgerAnomalies().toString());
    assertEquals(rows("a", 3, 900, "b", 2, 600), e.totals(), "the truth: every record once");
    assertEquals(rows("a", 2, 400, "b", 1, 200), e.windows().get(TWO_BY_ONE).get(1000L), "batch 1: a 1, b 2, a 3");
    assertEquals(rows("a", 4, 1200, "b", 3, 800), e.windows().get(TWO_BY_ONE).get(2000L),
        "the window holds what its batches read: b 2 and a 3 twice");
  }

  @Test
  void aGapIsLostRecordsThatTheTotalsStillExpect() {
    Topic topic = new Topic(1).add(0, "a,1", "b,2", "a,3", "b,4", "a,5", "b,6");
    List<SourceOffset> ledger = List.of(range(0, 0, 2, 1000, 0), range(0, 4, 5, 2000, 0)); // 2..3 skipped
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 5)));

    assertEquals(6, e.records());
    assertEquals(3, e.counted());
    assertEquals(2, e.lost());
    assertEquals(List.of("events-0@2", "events-0@3"), e.lostExamples());
    assertEquals(1, e.pending(), "offset 5 is above the stored offset: not read yet");
    assertTrue(e.ledgerAnomalies().get(0).startsWith("events-0: gap, offsets 2..3 in no batch"),
        e.ledgerAnomalies().toString());
    assertEquals(rows("a", 3, 900, "b", 2, 600), e.totals(), "lost records belong in the totals");
    assertEquals(rows("a", 2, 600, "b", 1, 200), e.windows().get(TWO_BY_ONE).get(2000L), "windows hold what was read");
  }

  @Test
  void aNewOriginRestartsTheWindowsAndContinuesTheTotalsFromTheSink() {
    Topic topic = new Topic(1).add(0, "a,1", "b,2", "a,3", "a,4", "b,5");
    List<SourceOffset> ledger = List.of(
        range(0, 0, 2, 1000, 0), range(0, 2, 3, 2000, 0), range(0, 3, 3, 3000, 0),
        // a new checkpoint, later: its first batch 11 s, origin 10 s; it resumed from the stored offset 3
        range(0, 3, 4, 11_000, 10_000), range(0, 4, 5, 12_000, 10_000));
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 5)));

    assertEquals(List.of(), e.ledgerAnomalies());
    assertEquals(2, e.origins());
    assertEquals(5, e.batches());
    assertEquals(rows("a", 3, 800, "b", 2, 700), e.totals());
    NavigableMap<Long, Map<String, Metric>> two = e.windows().get(TWO_BY_ONE);
    assertEquals(List.of(1000L, 2000L, 3000L, 11_000L, 12_000L), List.copyOf(two.keySet()),
        "slides of each origin, up to its last batch");
    assertEquals(rows("a", 1, 400), two.get(11_000L), "nothing of the old origin's batches");
    assertEquals(rows("a", 1, 400, "b", 1, 500), two.get(12_000L));
    assertEquals(List.of(2000L, 12_000L), List.copyOf(e.windows().get(FOUR_BY_TWO).keySet()));
    assertEquals(rows("a", 1, 400, "b", 1, 500), e.windows().get(FOUR_BY_TWO).get(12_000L));

    GraphSettings noSeed = new GraphSettings(1000, GRAPH.windows(), 0, 2, 100_000, GRAPH.parser(), 200, false);
    Expected restarted = run(noSeed, topic, ledger, List.of(stored(0, 5)));
    assertEquals(rows("a", 1, 400, "b", 1, 500), restarted.totals(), "--seed-totals false: keys seen again restart");
    Topic onlyA = new Topic(1).add(0, "a,1", "b,2", "a,3", "a,4", "a,5");
    assertEquals(rows("a", 2, 900, "b", 1, 200), run(noSeed, onlyA, ledger, List.of(stored(0, 5))).totals(),
        "a key not seen again keeps its stored row");
  }

  @Test
  void aKeyIdleLongerThanTheStateTtlStartsAgain() {
    GraphSettings ttl = new GraphSettings(1000, List.of(), 2000, 2, 100_000, GRAPH.parser(), 200);
    Topic topic = new Topic(1).add(0, "a,1", "b,1", "a,2", "b,2", "a,3");
    List<SourceOffset> ledger = List.of(range(0, 0, 1, 1000, 0), range(0, 1, 2, 2000, 0), range(0, 2, 2, 3000, 0),
        range(0, 2, 3, 4000, 0), // a after 2 idle batches: evicted at the second, a starts again
        range(0, 3, 4, 5000, 0), // b after 2 idle batches too
        range(0, 4, 4, 6000, 0), range(0, 4, 5, 7000, 0)); // a after 2 idle batches again: evicted again
    Expected e = run(ttl, topic, ledger, List.of(stored(0, 5)));
    assertEquals(rows("a", 1, 300, "b", 1, 200), e.totals());

    GraphSettings longer = new GraphSettings(1000, List.of(), 3000, 2, 100_000, GRAPH.parser(), 200);
    assertEquals(rows("a", 3, 600, "b", 2, 300), run(longer, topic, ledger, List.of(stored(0, 5))).totals());
  }

  @Test
  void aLedgerThatDisagreesWithItselfOrTheStoredOffsetsIsReported() {
    Topic topic = new Topic(2).add(0, "a,1", "a,2").add(1, "b,1");
    List<SourceOffset> ledger = List.of(range(0, 0, 1, 1000, 0), range(1, 0, 1, 1000, 0),
        range(0, 1, 2, 3000, 0), // no row for 2 s
        range(0, 2, 2, 3500, 0), // not on the 1 s grid
        range(1, 1, 1, 4000, 2000)); // an origin before the last batch of the one before
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 1), stored(1, 1)));
    List<String> anomalies = e.ledgerAnomalies();
    assertTrue(anomalies.stream().anyMatch(a -> a.contains("no ledger rows for the batches between")), anomalies.toString());
    assertTrue(anomalies.stream().anyMatch(a -> a.contains("is not a batch time of origin")), anomalies.toString());
    assertTrue(anomalies.stream().anyMatch(a -> a.contains("two runs of the job overlapped")), anomalies.toString());
    assertTrue(anomalies.stream().anyMatch(a -> a.startsWith("events-0: the last batch ends at offset 2 but the stored "
        + "offset is 1")), anomalies.toString());
    assertEquals(4, anomalies.size(), anomalies.toString());
  }

  @Test
  void windowsReachingBackToPrunedLedgerRowsAreNotChecked() {
    Topic topic = new Topic(1).add(0, "a,1", "a,2", "a,3", "a,4", "a,5", "a,6");
    // Batches 1..3 s were pruned from the ledger: it starts at 4 s, offset 3.
    List<SourceOffset> ledger = List.of(range(0, 3, 4, 4000, 0), range(0, 4, 5, 5000, 0), range(0, 5, 6, 6000, 0));
    Expected e = run(GRAPH, topic, ledger, List.of(stored(0, 6)));
    assertEquals(List.of(5000L, 6000L), List.copyOf(e.windows().get(TWO_BY_ONE).keySet()));
    assertEquals(List.of(4000L), List.copyOf(e.uncheckedEnds().get(TWO_BY_ONE)));
    assertEquals(List.of(), List.copyOf(e.windows().get(FOUR_BY_TWO).keySet()));
    assertEquals(List.of(4000L, 6000L), List.copyOf(e.uncheckedEnds().get(FOUR_BY_TWO)));
    assertEquals(3, e.lost(), "what the pruned rows covered cannot be told from lost");
  }

  @Test
  void textLinesCountEveryWord() {
    GraphSettings text = Settings.batches(1000).window("2s/1s").build();
    Topic topic = new Topic(1).add(0, "to be or", "not to be");
    Expected e = run(text, topic, List.of(range(0, 0, 1, 1000, 0), range(0, 1, 2, 2000, 0)), List.of(stored(0, 2)));
    Map<String, Metric> expected = new TreeMap<>(Map.of("to", Metric.ofCount(2), "be", Metric.ofCount(2),
        "or", Metric.ofCount(1), "not", Metric.ofCount(1)));
    assertEquals(expected, e.totals());
    assertEquals(expected, e.windows().get(TWO_BY_ONE).get(2000L));
  }

  // Event time: lines key,cost,ts; one 10s/10s window, a watermark 5 s behind the largest time seen.
  private static final GraphSettings EVENT_TIME =
      Settings.batches(1000).csv(2, "cost").window("2s/1s").eventTime(5000, "10s/10s").build();
  private static EventWindowKey tenSeconds(long startMs, String key) {
    return new EventWindowKey(10_000, 10_000, startMs, key);
  }

  @Test
  void eventTimeBatchesAreReplayedInLedgerOrderAndLateEventsAreRejectsCountedNowhereElse() {
    Topic topic = new Topic(2)
        .add(0, "a,1,12000", "a,2,9000", "a,4,9999")
        .add(1, "b,10,15000", "b,20,10000", "b,40,bad");
    List<SourceOffset> ledger = List.of(
        range(0, 0, 2, 1000, 0), range(1, 0, 1, 1000, 0), // a 12 s, a 9 s (out of order) | b 15 s
        range(0, 2, 3, 2000, 0), range(1, 1, 3, 2000, 0)); // a 9.999 s: late at 10 s | b 10 s on time, a bad time
    Expected e = run(EVENT_TIME, topic, ledger, List.of(stored(0, 3), stored(1, 3)));

    ExpectedEventTime et = e.eventTime();
    assertEquals(5, et.events());
    assertEquals(Map.of(new ExpectedEventTime.LateReject("kafka:events/0", 2000, 2),
        EventTimeReplay.lateReason(9_999, 10_000)), et.lateRejects());
    assertEquals(Map.of(2000L, 2L), e.rejectsByBatch(), "the late event and the bad time");
    assertEquals(rows("a", 2, 300, "b", 2, 3000), e.totals(), "the late event counts in no total");
    assertEquals(rows("a", 2, 300, "b", 1, 1000), e.windows().get(WindowSpec.parse("2s/1s")).get(1000L));
    assertEquals(rows("a", 2, 300, "b", 2, 3000), e.windows().get(WindowSpec.parse("2s/1s")).get(2000L));
    assertEquals(Map.of(
        tenSeconds(0, "a"), new EventTimeReplay.Row(Metric.of(1, 200), true, 1000), // closed by 10 s, batch 1's next
        tenSeconds(10_000, "a"), new EventTimeReplay.Row(Metric.of(1, 100), false, 1000),
        tenSeconds(10_000, "b"), new EventTimeReplay.Row(Metric.of(2, 3000), false, 2000)), et.rows());
    assertEquals(10_000, et.watermarkMs());
    assertEquals(2, et.openPairs());
  }

  @Test
  void anEventTimeEventReadByTwoBatchesCountsInBothWindowsOfEventTimeAndOnceInTheTotals() {
    Topic topic = new Topic(1).add(0, "a,1,1000", "a,2,1500");
    List<SourceOffset> ledger = List.of(range(0, 0, 2, 1000, 0), range(0, 1, 2, 2000, 0));
    Expected e = run(EVENT_TIME, topic, ledger, List.of(stored(0, 2)));
    assertEquals(1, e.countedTwice());
    assertEquals(rows("a", 2, 300), e.totals());
    assertEquals(Map.of(tenSeconds(0, "a"), new EventTimeReplay.Row(Metric.of(3, 500), false, 2000)),
        e.eventTime().rows());
  }

  @Test
  void aNewOriginReplaysFromNoWatermarkAndAnOriginWithoutItsFirstBatchIsNotChecked() {
    Topic topic = new Topic(1).add(0, "a,1,20000", "a,2,1000", "a,4,1000");
    List<SourceOffset> ledger = List.of(
        range(0, 0, 1, 1000, 0), // watermark 15 s after it
        range(0, 1, 2, 2000, 0), // 1 s: late
        range(0, 2, 3, 11000, 10000)); // a new origin: 1 s is on time again
    Expected e = run(EVENT_TIME, topic, ledger, List.of(stored(0, 3)));
    assertEquals(Map.of(new ExpectedEventTime.LateReject("kafka:events/0", 2000, 1),
        EventTimeReplay.lateReason(1000, 15_000)), e.eventTime().lateRejects());
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 400), false, 11000), e.eventTime().rows().get(tenSeconds(0, "a")));
    assertEquals(List.of(), e.eventTime().uncheckedSpans());

    List<SourceOffset> pruned = List.of(range(0, 1, 2, 5000, 0), range(0, 2, 3, 6000, 0)); // origin 0's first batches gone
    Expected p = run(EVENT_TIME, topic, pruned, List.of(stored(0, 3)));
    assertEquals(1, p.eventTime().uncheckedSpans().size());
    assertTrue(p.eventTime().unchecked(5000) && p.eventTime().unchecked(6000));
    assertEquals(Map.of(), p.eventTime().rows());
    assertEquals(Map.of(), p.eventTime().lateRejects());
  }

  @Test
  void withEventTimeFromKafkaTheRecordTimestampIsTheTimeAndARecordWithoutOneIsARejectAsTallyRejectsIt() {
    GraphSettings graph = Settings.batches(1000).csv(2, "cost").eventTimeFromKafka(0, "10s/10s").build();
    ExpectedResults results = new ExpectedResults(graph, List.of(range(0, 0, 3, 1000, 0), range(0, 3, 4, 2000, 0)),
        List.of(stored(0, 4)));
    results.record("events", 0, 0, 25_000, "a,1");
    results.record("events", 0, 1, 3_000, "a,2"); // same batch: on time
    results.record("events", 0, 2, -1, "a,4");
    results.record("events", 0, 3, 12_000, "a,8"); // watermark 25 s: [10 s, 20 s) closed
    Expected e = results.finish();
    assertEquals(Map.of(1000L, 1L, 2000L, 1L), e.rejectsByBatch());
    assertEquals(rows("a", 2, 300), e.totals());
    assertEquals(new EventTimeReplay.Row(Metric.of(1, 200), true, 1000), e.eventTime().rows().get(tenSeconds(0, "a")));
    assertEquals(Map.of(new ExpectedEventTime.LateReject("kafka:events/0", 2000, 3),
        EventTimeReplay.lateReason(12_000, 25_000)), e.eventTime().lateRejects());
  }
}
