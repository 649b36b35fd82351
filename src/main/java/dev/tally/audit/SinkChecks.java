package dev.tally.audit;

import dev.tally.config.WindowSpec;
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
