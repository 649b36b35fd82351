package dev.tally.audit;

import dev.tally.config.WindowSpec;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The comparisons of what the sink holds with what was {@link Expected}: totals and window rows fed
 * one stored row at a time (tables can be large), reject counts per batch. Each adds its row to the
 * report and its first few differences.
 */
final class SinkChecks {
  private SinkChecks() {}

  /** Collects the first few differences of one check, and counts the rest. */
  static final class Differences {
    private final String check;
    private final int shown;
    private final List<String> lines = new ArrayList<>();
    private long more;

    Differences(String check, int shown) {
      this.check = check;
      this.shown = shown;
    }

    void add(String line) {
      if (lines.size() < shown) {
        lines.add(check + ": " + line);
      } else {
        more++;
      }
    }

    void report(AuditReport report) {
      lines.forEach(report::difference);
      if (more > 0) {
        report.difference(check + ": ... and " + more + " more");
      }
    }

    /** Reports the first {@code shown} of {@code lines} as differences of {@code check}. */
    static void report(AuditReport report, String check, int shown, List<String> lines) {
      Differences d = new Differences(check, shown);
      lines.forEach(d::add);
      d.report(report);
    }
  }

  private static String show(MetricSchema schema, Metric metric) {
    return metric == null ? "no row" : schema.format(metric);
  }

  /** Running totals: every expected key with its exact metric, and no other key. */
  static final class Totals {
    private final Map<String, Metric> remaining;
    private final MetricSchema schema;
    private final Differences differences;
    private long equal;
    private long other;

    Totals(Map<String, Metric> expected, MetricSchema schema, int shown) {
      this.remaining = new HashMap<>(expected);
      this.schema = schema;
      this.differences = new Differences("totals", shown);
    }

    void stored(String key, Metric found) {
      Metric expected = remaining.remove(key);
      if (found.equals(expected)) {
        equal++;
        return;
      }
      other++;
      differences.add("key " + key + ": expected " + show(schema, expected) + ", found " + show(schema, found));
    }

    /** @return equal/all, for the last line */
    String report(AuditReport report) {
      for (String key : new TreeSet<>(remaining.keySet())) {
        differences.add("key " + key + ": expected " + show(schema, remaining.get(key)) + ", found no row");
      }
      long all = equal + other + remaining.size();
      report.equalOf("totals: keys equal", all, equal);
      differences.report(report);
      return equal + "/" + all;
    }
  }

  /**
   * Window rows: at every checked end of every window, exactly the expected rows. Rows of other
   * windows, older than the retention, after the ledger's last batch (a batch in flight) or at
   * ends the ledger cannot check are counted in notes, not compared.
   */
  static final class Windows {
    private final Expected expected;
    private final MetricSchema schema;
    private final long cutoffMs;
    private final Map<WindowSpec, Map<Long, Map<String, Metric>>> remaining = new java.util.LinkedHashMap<>();
    private final Map<WindowSpec, Differences> differences = new HashMap<>();
    private final Map<WindowSpec, long[]> equalAndOther = new HashMap<>();
    private long otherWindows;
    private long tooOld;
    private long inFlight;
    private long unchecked;

    /** @param retentionMs the sink's window retention (0: rows are kept forever) */
    Windows(Expected expected, MetricSchema schema, long retentionMs, int shown) {
      this.expected = expected;
      this.schema = schema;
      this.cutoffMs = retentionMs > 0 && expected.lastBatchMs() >= 0 ? expected.lastBatchMs() - retentionMs : Long.MIN_VALUE;
      expected.windows().forEach((w, ends) -> {
        Map<Long, Map<String, Metric>> copy = new HashMap<>();
        ends.tailMap(cutoffMs, true).forEach((end, rows) -> copy.put(end, new HashMap<>(rows)));
        remaining.put(w, copy);
        differences.put(w, new Differences("window " + w.id(), shown));
        equalAndOther.put(w, new long[2]);
      });
    }

    void stored(long windowMs, long slideMs, long endMs, String key, Metric found) {
      WindowSpec w = new WindowSpec(windowMs, slideMs);
      if (!remaining.containsKey(w)) {
        otherWindows++;
        return;
      }
      if (endMs < cutoffMs) {
        tooOld++;
        return;
      }
      Map<String, Metric> rows = remaining.get(w).get(endMs);
      if (rows == null) {
        if (endMs > expected.lastBatchMs()) {
          inFlight++;
          return;
        }
        if (endMs < expected.firstBatchMs() || expected.uncheckedEnds().get(w).contains(endMs)) {
          unchecked++;
          return;
        }
      }
      Metric want = rows == null ? null : rows.remove(key);
      long[] counts = equalAndOther.get(w);
      if (found.equals(want)) {
        counts[0]++;
        return;
      }
      counts[1]++;
      differences.get(w).add("end " + Ledger.time(endMs) + " key " + key + ": expected " + show(schema, want)
          + ", found " + show(schema, found)
          + (rows == null ? " (no window ends then: not a slide of any origin in the ledger)" : ""));
    }

    /** @return equal/all over all windows, for the last line */
    String report(AuditReport report) {
      long allEqual = 0;
      long all = 0;
      for (Map.Entry<WindowSpec, Map<Long, Map<String, Metric>>> window : remaining.entrySet()) {
        WindowSpec w = window.getKey();
        Differences d = differences.get(w);
        long missing = 0;
        for (Map.Entry<Long, Map<String, Metric>> end : new TreeMap<>(window.getValue()).entrySet()) {
          for (String key : new TreeSet<>(end.getValue().keySet())) {
            missing++;
            d.add("end " + Ledger.time(end.getKey()) + " key " + key + ": expected "
                + show(schema, end.getValue().get(key)) + ", found no row");
          }
        }
        long[] counts = equalAndOther.get(w);
        report.equalOf("window " + w.id() + ": rows equal", counts[0] + counts[1] + missing, counts[0]);
        allEqual += counts[0];
        all += counts[0] + counts[1] + missing;
      }
      for (WindowSpec w : expected.windows().keySet()) {
        differences.get(w).report(report);
      }
      note(report, otherWindows, "window rows of windows this job does not have");
      note(report, tooOld, "window rows older than the retention (the sink may have deleted some)");
      note(report, inFlight, "window rows after the ledger's last batch (a batch in flight)");
      note(report, unchecked, "window rows of windows reaching back to batches whose ledger rows were pruned");
      return allEqual + "/" + all;
    }
  }

  /**
   * Event-time window rows: every (window, key) with the last row the replay says it was written, its
   * metric, whether final, and the batch that wrote it; no other row. Rows of other windows, whose
   * window ended longer than the retention ago, written after the ledger's last batch, or by an origin
   * the ledger cannot replay from its start, are counted in notes, not compared.
   */
  static final class EventWindows {
    private final ExpectedEventTime expected;
    private final long lastBatchMs;
    private final MetricSchema schema;
    private final long cutoffMs;
    private final Map<EventWindowKey, EventTimeReplay.Row> remaining = new HashMap<>();
    private final Map<WindowSpec, long[]> equalOtherFinal = new java.util.LinkedHashMap<>();
    private final Map<WindowSpec, Differences> differences = new HashMap<>();
    private long otherWindows;
    private long tooOld;
    private long inFlight;
    private long unchecked;

    /** @param retentionMs the sink's window retention (0: rows are kept forever) */
    EventWindows(Expected all, List<WindowSpec> specs, MetricSchema schema, long retentionMs, int shown) {
      this.expected = all.eventTime();
      this.lastBatchMs = all.lastBatchMs();
      this.schema = schema;
      this.cutoffMs = retentionMs > 0 && lastBatchMs >= 0 ? lastBatchMs - retentionMs : Long.MIN_VALUE;
      for (WindowSpec w : specs) {
        equalOtherFinal.put(w, new long[3]);
        differences.put(w, new Differences("event window " + w.id(), shown));
      }
      expected.rows().forEach((window, row) -> {
        if (window.endMs() >= cutoffMs) {
          remaining.put(window, row);
        }
      });
    }

    void stored(long windowMs, long slideMs, long startMs, String key, long endMs, Metric metric, boolean isFinal,
        long batchTimeMs) {
      WindowSpec w = new WindowSpec(windowMs, slideMs);
      long[] counts = equalOtherFinal.get(w);
      if (counts == null) {
        otherWindows++;
        return;
      }
      if (endMs < cutoffMs) {
        tooOld++;
        return;
      }
      if (batchTimeMs > lastBatchMs) {
        inFlight++;
        return;
      }
      if (expected.unchecked(batchTimeMs)) {
        unchecked++;
        return;
      }
      EventWindowKey window = new EventWindowKey(windowMs, slideMs, startMs, key);
      EventTimeReplay.Row want = remaining.remove(window);
      if (want != null && endMs == window.endMs() && want.equals(new EventTimeReplay.Row(metric, isFinal, batchTimeMs))) {
        counts[0]++;
        counts[2] += isFinal ? 1 : 0;
        return;
      }
      counts[1]++;
      differences.get(w).add("start " + Ledger.time(startMs) + " key " + key + ": expected " + show(want)
          + ", found " + show(new EventTimeReplay.Row(metric, isFinal, batchTimeMs))
          + (endMs == window.endMs() ? "" : " with end " + Ledger.time(endMs)));
    }

    private String show(EventTimeReplay.Row row) {
      return row == null ? "no row"
          : schema.format(row.metric()) + (row.isFinal() ? " final" : " open") + " (batch " + Ledger.time(row.batchTimeMs())
              + ")";
    }

    /** @return equal/all over all event-time windows, for the last line */
    String report(AuditReport report) {
      Map<WindowSpec, Long> missing = new HashMap<>();
      for (EventWindowKey window : remaining.keySet().stream()
          .sorted(java.util.Comparator.comparingLong(EventWindowKey::startMs).thenComparing(EventWindowKey::key))
          .toList()) {
        WindowSpec w = new WindowSpec(window.lengthMs(), window.slideMs());
        missing.merge(w, 1L, Long::sum);
        Differences d = differences.get(w);
        if (d != null) {
          d.add("start " + Ledger.time(window.startMs()) + " key " + window.key() + ": expected "
              + show(remaining.get(window)) + ", found no row");
        }
      }
      long allEqual = 0;
      long all = 0;
      for (Map.Entry<WindowSpec, long[]> e : equalOtherFinal.entrySet()) {
        long[] counts = e.getValue();
        long rows = counts[0] + counts[1] + missing.getOrDefault(e.getKey(), 0L);
        report.equalOf("event window " + e.getKey().id() + ": rows equal", rows, counts[0]);
        report.info("event window " + e.getKey().id() + ": of which final", counts[2]);
        allEqual += counts[0];
        all += rows;
      }
      equalOtherFinal.keySet().forEach(w -> differences.get(w).report(report));
      note(report, otherWindows, "event window rows of windows this job does not have");
      note(report, tooOld, "event window rows older than the retention (the sink may have deleted some)");
      note(report, inFlight, "event window rows after the ledger's last batch (a batch in flight)");
      note(report, unchecked, "event window rows of origins whose first batches' ledger rows were pruned");
      return allEqual + "/" + all;
    }
  }

  /**
   * Late events: each one the replay found late is a reject of the batch that read it, at its offset,
   * with Tally's reason (event time and watermark); no other reject says late. Rejects of other
   * reasons are left to the per-batch counts ({@link #rejects}).
   */
  static final class LateRejects {
    private final ExpectedEventTime expected;
    private final long firstBatchMs;
    private final long lastBatchMs;
    private final Map<ExpectedEventTime.LateReject, String> remaining;
    private final Differences differences;
    private long equal;
    private long other;
    private long notCompared;

    LateRejects(Expected all, int shown) {
      this.expected = all.eventTime();
      this.firstBatchMs = all.firstBatchMs();
      this.lastBatchMs = all.lastBatchMs();
      this.remaining = new HashMap<>(expected.lateRejects());
      this.differences = new Differences("late rejects", shown);
    }

    void stored(String input, long batchTimeMs, long position, String reason) {
      ExpectedEventTime.LateReject id = new ExpectedEventTime.LateReject(input, batchTimeMs, position);
      String want = remaining.remove(id);
      boolean late = reason.startsWith(LATE);
      if (want == null && !late) {
        return; // another reason: the per-batch counts compare it
      }
      if (batchTimeMs < firstBatchMs || batchTimeMs > lastBatchMs || expected.unchecked(batchTimeMs)) {
        notCompared++;
        return;
      }
      if (reason.equals(want)) {
        equal++;
        return;
      }
      other++;
      differences.add(input + " @" + position + " in batch " + Ledger.time(batchTimeMs) + ": expected "
          + (want == null ? "no late reject" : "'" + want + "'") + ", found '" + reason + "'");
    }

    /** @return equal/all, for the last line */
    String report(AuditReport report) {
      remaining.entrySet().stream()
          .sorted(java.util.Comparator.comparingLong((Map.Entry<ExpectedEventTime.LateReject, String> e) ->
              e.getKey().batchTimeMs()).thenComparingLong(e -> e.getKey().position()))
          .forEach(e -> differences.add(e.getKey().input() + " @" + e.getKey().position() + " in batch "
              + Ledger.time(e.getKey().batchTimeMs()) + ": expected '" + e.getValue() + "', found no reject"));
      long all = equal + other + remaining.size();
      report.equalOf("late rejects: equal (where, batch, reason)", all, equal);
      differences.report(report);
      note(report, notCompared, "late rejects outside the ledger or of origins whose first batches' ledger rows were pruned");
      return equal + "/" + all;
    }
  }

  /** How Tally's late rejects' reasons begin. */
  static final String LATE = "late: ";

  private static void note(AuditReport report, long rows, String what) {
    if (rows > 0) {
      report.note("not compared: " + rows + " " + what);
    }
  }

  /**
   * Rejects: as many per batch as the batch's records that do not parse (rows are keyed by batch
   * and position, so a re-run batch rewrites its own). Batches outside the ledger are not compared.
   *
   * @return expected/found, for the last line
   */
  static String rejects(AuditReport report, Expected expected, Map<Long, Long> stored, int shown) {
    NavigableMap<Long, Long> found = new TreeMap<>(stored);
    long outside = 0;
    for (long count : found.headMap(expected.firstBatchMs(), false).values()) {
      outside += count;
    }
    for (long count : found.tailMap(expected.lastBatchMs(), false).values()) {
      outside += count;
    }
    NavigableMap<Long, Long> compared = expected.firstBatchMs() < 0 ? new TreeMap<>()
        : found.subMap(expected.firstBatchMs(), true, expected.lastBatchMs(), true);
    Differences differences = new Differences("rejects", shown);
    TreeSet<Long> batches = new TreeSet<>(compared.keySet());
    batches.addAll(expected.rejectsByBatch().keySet());
    long expectedAll = 0;
    long foundAll = 0;
    boolean equal = true;
    for (long batch : batches) {
      long want = expected.rejectsByBatch().getOrDefault(batch, 0L);
      long have = compared.getOrDefault(batch, 0L);
      expectedAll += want;
      foundAll += have;
      if (want != have) {
        equal = false;
        differences.add("batch " + Ledger.time(batch) + ": expected " + want + ", found " + have);
      }
    }
    report.check("rejects", expectedAll, foundAll, equal);
    differences.report(report);
    note(report, outside, "rejects of batches outside the ledger");
    return expectedAll + "/" + foundAll;
  }
}
