package dev.tally.testing;

import dev.tally.model.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The brute-force model the streaming results are checked against: windows and totals recomputed
 * from the per-batch events directly, with no incremental state.
 */
public final class Reference {
  private Reference() {}

  /** One event: key plus fixed-point values. */
  public record Event(String key, long... values) {}

  /** A window of {@code lengthMs} ending at {@code endMs} over batches at times (i+1)*batchMs. */
  public static Map<String, Metric> window(List<List<Event>> batches, long batchMs, long lengthMs, long endMs) {
    Map<String, Metric> sums = new TreeMap<>();
    for (int i = 0; i < batches.size(); i++) {
      long time = (i + 1) * batchMs;
      if (time > endMs - lengthMs && time <= endMs) {
        for (Event e : batches.get(i)) {
          sums.merge(e.key(), Metric.of(1, e.values()), Metric::plus);
        }
      }
    }
    sums.values().removeIf(Metric::isZero);
    return sums;
  }

  /** All slide outputs of a window up to and including {@code lastMs}. */
  public static TreeMap<Long, Map<String, Metric>> windows(
      List<List<Event>> batches, long batchMs, long lengthMs, long slideMs, long lastMs) {
    TreeMap<Long, Map<String, Metric>> out = new TreeMap<>();
    for (long t = slideMs; t <= lastMs; t += slideMs) {
      out.put(t, window(batches, batchMs, lengthMs, t));
    }
    return out;
  }

  /** Per batch (up to {@code lastBatch}, 1-based), the totals of the keys that had events in it. */
  public static TreeMap<Long, Map<String, Metric>> changedTotals(List<List<Event>> batches, long batchMs, int lastBatch) {
    TreeMap<Long, Map<String, Metric>> out = new TreeMap<>();
    Map<String, Metric> running = new HashMap<>();
    for (int i = 0; i < lastBatch; i++) {
      Map<String, Metric> changed = new TreeMap<>();
      List<Event> batch = i < batches.size() ? batches.get(i) : List.of();
      for (Event e : batch) {
        running.merge(e.key(), Metric.of(1, e.values()), Metric::plus);
        changed.put(e.key(), null);
      }
      changed.replaceAll((k, v) -> running.get(k));
      out.put((i + 1) * batchMs, changed);
    }
    return out;
  }
}
