package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.WindowSpec;
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
}
