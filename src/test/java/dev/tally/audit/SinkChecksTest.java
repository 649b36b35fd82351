package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.WindowSpec;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The comparisons with the sink's rows and the report they make, without a database. */
class SinkChecksTest {
  private static final MetricSchema SCHEMA = new MetricSchema(List.of("cost"), 2);
  private static final WindowSpec W = WindowSpec.parse("2s/1s");

  private static String printed(AuditReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Windows of {@code W} ending at 1 s (a=1) and 2 s (none), a ledger from 1 s to 2 s. */
  private static Expected expected(NavigableSet<Long> unchecked) {
    NavigableMap<Long, Map<String, Metric>> ends = new TreeMap<>();
    ends.put(1000L, Map.of("a", Metric.of(1, 100)));
    ends.put(2000L, Map.of());
    return new Expected(Map.of("a", Metric.of(2, 300), "b", Metric.of(1, 5)), Map.of(W, ends), Map.of(W, unchecked),
        Map.of(1000L, 2L), 3, 3, 0, 0, 0, List.of(), List.of(), List.of(), 2, 1, 1000, 2000);
  }

  @Test
  void totalsReportEachKeyThatDiffersIsMissingOrIsNotExpected() {
    SinkChecks.Totals totals = new SinkChecks.Totals(Map.of("a", Metric.of(2, 300), "b", Metric.of(1, 5),
        "c", Metric.of(1, 1)), SCHEMA, 5);
    totals.stored("a", Metric.of(2, 300));
    totals.stored("b", Metric.of(2, 5));
    totals.stored("z", Metric.of(1, 1));
    AuditReport report = new AuditReport();
    assertEquals("1/4", totals.report(report));
    String text = printed(report);
    assertTrue(text.contains("totals: keys equal         4    1/4  DIFFERS"), text);
    assertTrue(text.contains("  totals: key b: expected n=1 cost=0.05, found n=2 cost=0.05\n"), text);
    assertTrue(text.contains("  totals: key z: expected no row, found n=1 cost=0.01\n"), text);
    assertTrue(text.contains("  totals: key c: expected n=1 cost=0.01, found no row\n"), text);
    assertFalse(report.passed());
  }

  @Test
  void windowRowsAreComparedAtCheckedEndsAndOthersAreCountedAside() {
    SinkChecks.Windows windows = new SinkChecks.Windows(expected(new TreeSet<>()), SCHEMA, 0, 5);
    windows.stored(2000, 1000, 1000, "a", Metric.of(1, 100)); // equal
    windows.stored(2000, 1000, 2000, "b", Metric.of(1, 7)); // a row where the window is empty
    windows.stored(2000, 1000, 1500, "a", Metric.of(1, 100)); // not a slide of any origin
    windows.stored(2000, 1000, 3000, "a", Metric.of(1, 100)); // after the ledger: in flight
    windows.stored(9000, 3000, 3000, "a", Metric.of(1, 100)); // another window
    AuditReport report = new AuditReport();
    assertEquals("1/3", windows.report(report));
    String text = printed(report);
    assertTrue(text.contains("window 2s/1s: rows equal         3    1/3  DIFFERS"), text);
    assertTrue(text.contains("  window 2s/1s: end 1970-01-01T00:00:02Z key b: expected no row, found n=1 cost=0.07\n"),
        text);
    assertTrue(text.contains("  window 2s/1s: end 1970-01-01T00:00:01.500Z key a: expected no row, found n=1 cost=1.00 "
        + "(no window ends then"), text);
    assertTrue(text.contains("not compared: 1 window rows of windows this job does not have"), text);
    assertTrue(text.contains("not compared: 1 window rows after the ledger's last batch (a batch in flight)"), text);

    SinkChecks.Windows none = new SinkChecks.Windows(expected(new TreeSet<>()), SCHEMA, 0, 5);
    AuditReport missing = new AuditReport();
    assertEquals("0/1", none.report(missing));
    assertTrue(printed(missing).contains("  window 2s/1s: end 1970-01-01T00:00:01Z key a: expected n=1 cost=1.00, "
        + "found no row\n"), printed(missing));
  }

  @Test
  void windowEndsOlderThanTheRetentionOrReachingIntoAPrunedLedgerAreNotCompared() {
    SinkChecks.Windows windows = new SinkChecks.Windows(expected(new TreeSet<>()), SCHEMA, 500, 5);
    windows.stored(2000, 1000, 500, "a", Metric.of(1, 100)); // deleted or not: older than last batch - retention
    AuditReport report = new AuditReport();
    assertEquals("0/0", windows.report(report), "the 1 s end is older than 2 s - 500 ms: not expected either");
    assertTrue(report.passed());
    assertTrue(printed(report).contains("not compared: 1 window rows older than the retention"), printed(report));

    SinkChecks.Windows pruned = new SinkChecks.Windows(expected(new TreeSet<>(List.of(1500L))), SCHEMA, 0, 5);
    pruned.stored(2000, 1000, 1500, "a", Metric.of(1, 100));
    pruned.stored(2000, 1000, 1000, "a", Metric.of(1, 100));
    AuditReport prunedReport = new AuditReport();
    assertEquals("1/1", pruned.report(prunedReport));
    assertTrue(printed(prunedReport).contains("not compared: 1 window rows of windows reaching back"), printed(prunedReport));
  }

  @Test
  void rejectsAreComparedPerBatchOfTheLedger() {
    AuditReport report = new AuditReport();
    assertEquals("2/3", SinkChecks.rejects(report, expected(new TreeSet<>()), Map.of(1000L, 1L, 2000L, 2L, 9000L, 4L), 5));
    String text = printed(report);
    assertTrue(text.contains("  rejects         2      3  DIFFERS"), text);
    assertTrue(text.contains("  rejects: batch 1970-01-01T00:00:01Z: expected 2, found 1\n"), text);
    assertTrue(text.contains("  rejects: batch 1970-01-01T00:00:02Z: expected 0, found 2\n"), text);
    assertTrue(text.contains("not compared: 4 rejects of batches outside the ledger"), text);
  }

  @Test
  void differencesBeyondTheShownOnesAreCounted() {
    SinkChecks.Differences d = new SinkChecks.Differences("totals", 2);
    for (int i = 0; i < 5; i++) {
      d.add("key k" + i);
    }
    AuditReport report = new AuditReport();
    d.report(report);
    String text = printed(report);
    assertTrue(text.contains("  totals: key k1\n  totals: ... and 3 more\n"), text);
  }

  private static final WindowSpec TEN = WindowSpec.parse("10s/10s");

  /** True when the report's table has this row, whatever the column widths. */
  private static boolean row(String text, String check, String expected, String found, String result) {
    String cells = java.util.stream.Stream.of(expected, found, result).filter(c -> !c.isEmpty())
        .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining(" +"));
    return java.util.regex.Pattern.compile("(?m)^  " + java.util.regex.Pattern.quote(check) + " +" + cells + " *$")
        .matcher(text).find();
  }

  private static EventWindowKey ten(long startMs, String key) {
    return new EventWindowKey(10_000, 10_000, startMs, key);
  }

  /** A ledger from 1 s to 4 s; the origin starting at 3 s lost its first batches' ledger rows. */
  private static Expected withEventTime() {
    Map<EventWindowKey, EventTimeReplay.Row> rows = Map.of(
        ten(0, "a"), new EventTimeReplay.Row(Metric.of(2, 300), true, 2000),
        ten(0, "b"), new EventTimeReplay.Row(Metric.of(1, 5), true, 2000),
        ten(10_000, "a"), new EventTimeReplay.Row(Metric.of(1, 100), false, 1000));
    Map<ExpectedEventTime.LateReject, String> late = Map.of(
        new ExpectedEventTime.LateReject("kafka:t/0", 2000, 7), EventTimeReplay.lateReason(9_999, 10_000),
        new ExpectedEventTime.LateReject("kafka:t/1", 2000, 3), EventTimeReplay.lateReason(9_000, 10_000));
    ExpectedEventTime et = new ExpectedEventTime(rows, late, List.<long[]>of(new long[] {3000, 4000}), 9, 10_000, 1);
    return new Expected(Map.of(), Map.of(), Map.of(), Map.of(2000L, 2L), 3, 3, 0, 0, 0, List.of(), List.of(), List.of(),
        4, 2, 1000, 4000, et);
  }

  @Test
  void eventWindowRowsAreComparedWithTheLastRowWrittenMetricFinalAndBatch() {
    SinkChecks.EventWindows windows = new SinkChecks.EventWindows(withEventTime(), List.of(TEN), SCHEMA, 0, 5);
    windows.stored(10_000, 10_000, 0, "a", 10_000, Metric.of(2, 300), true, 2000); // equal
    windows.stored(10_000, 10_000, 0, "b", 10_000, Metric.of(1, 5), false, 2000); // not final
    windows.stored(10_000, 10_000, 20_000, "c", 30_000, Metric.of(1, 5), false, 4000); // written by the pruned origin
    windows.stored(10_000, 10_000, 20_000, "c", 30_000, Metric.of(1, 5), false, 5000); // after the last batch
    windows.stored(5_000, 5_000, 0, "a", 5_000, Metric.of(1, 5), false, 1000); // another window
    AuditReport report = new AuditReport();
    assertEquals("1/3", windows.report(report));
    String text = printed(report);
    assertTrue(row(text, "event window 10s/10s: rows equal", "3", "1/3", "DIFFERS"), text);
    assertTrue(row(text, "event window 10s/10s: of which final", "", "1", ""), text);
    assertTrue(text.contains("  event window 10s/10s: start 1970-01-01T00:00:00Z key b: expected n=1 cost=0.05 final "
        + "(batch 1970-01-01T00:00:02Z), found n=1 cost=0.05 open (batch 1970-01-01T00:00:02Z)\n"), text);
    assertTrue(text.contains("  event window 10s/10s: start 1970-01-01T00:00:10Z key a: expected n=1 cost=1.00 open "
        + "(batch 1970-01-01T00:00:01Z), found no row\n"), text);
    assertTrue(text.contains("not compared: 1 event window rows of windows this job does not have"), text);
    assertTrue(text.contains("not compared: 1 event window rows after the ledger's last batch"), text);
    assertTrue(text.contains("not compared: 1 event window rows of origins whose first batches' ledger rows were pruned"),
        text);
    assertFalse(report.passed());

    SinkChecks.EventWindows all = new SinkChecks.EventWindows(withEventTime(), List.of(TEN), SCHEMA, 0, 5);
    all.stored(10_000, 10_000, 0, "a", 10_000, Metric.of(2, 300), true, 2000);
    all.stored(10_000, 10_000, 0, "b", 10_000, Metric.of(1, 5), true, 2000);
    all.stored(10_000, 10_000, 10_000, "a", 20_000, Metric.of(1, 100), false, 1000);
    AuditReport passed = new AuditReport();
    assertEquals("3/3", all.report(passed));
    assertTrue(passed.passed(), printed(passed));
  }

  @Test
  void lateRejectsAreComparedByWhereBatchAndReasonAndOtherRejectsAreLeftToTheCounts() {
    SinkChecks.LateRejects late = new SinkChecks.LateRejects(withEventTime(), 5);
    late.stored("kafka:t/0", 2000, 7, EventTimeReplay.lateReason(9_999, 10_000)); // equal
    late.stored("kafka:t/1", 2000, 3, EventTimeReplay.lateReason(9_000, 9_000)); // another watermark
    late.stored("kafka:t/1", 1000, 4, EventTimeReplay.lateReason(1_000, 5_000)); // not late by the replay
    late.stored("kafka:t/1", 1000, 5, "column 'ts' is not an event time"); // another reason: not this check's
    late.stored("kafka:t/1", 3000, 6, EventTimeReplay.lateReason(1_000, 5_000)); // the pruned origin
    AuditReport report = new AuditReport();
    assertEquals("1/3", late.report(report));
    String text = printed(report);
    assertTrue(row(text, "late rejects: equal (where, batch, reason)", "3", "1/3", "DIFFERS"), text);
    assertTrue(text.contains("  late rejects: kafka:t/1 @3 in batch 1970-01-01T00:00:02Z: expected 'late: event time "
        + "1970-01-01T00:00:09Z is before the watermark 1970-01-01T00:00:10Z, every window holding it has closed', found "
        + "'late: event time 1970-01-01T00:00:09Z is before the watermark 1970-01-01T00:00:09Z, "), text);
    assertTrue(text.contains("  late rejects: kafka:t/1 @4 in batch 1970-01-01T00:00:01Z: expected no late reject, found"),
        text);
    assertTrue(text.contains("not compared: 1 late rejects outside the ledger or of origins whose first batches'"), text);

    SinkChecks.LateRejects missing = new SinkChecks.LateRejects(withEventTime(), 5);
    missing.stored("kafka:t/0", 2000, 7, EventTimeReplay.lateReason(9_999, 10_000));
    AuditReport missingReport = new AuditReport();
    assertEquals("1/2", missing.report(missingReport));
    assertTrue(printed(missingReport).contains("  late rejects: kafka:t/1 @3 in batch 1970-01-01T00:00:02Z: expected "
        + "'late: event time 1970-01-01T00:00:09Z"), printed(missingReport));
    assertTrue(printed(missingReport).contains("found no reject\n"), printed(missingReport));
  }
}
