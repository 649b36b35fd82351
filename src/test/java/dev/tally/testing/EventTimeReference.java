package dev.tally.testing;

import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The brute-force model of event-time windows the streaming results are checked against, written from
 * the semantics alone: each batch's watermark is the largest event time of the batches before it minus
 * the delay (never lower than the one before); an event is late when every window holding it ends at
 * or before its batch's watermark, and then counts nowhere; otherwise it counts in each holding window
 * that has not ended by then. A batch writes each (window, key) it changed, and, marked final, every
 * (window, key) whose window ends at or before the next batch's watermark, once.
 */
public final class EventTimeReference {
  /** One event: key, value, event time. */
  public record TimedEvent(String key, long value, long timeMs) {}

  /** A window spec: length and slide. */
  public record Spec(long lengthMs, long slideMs) {}

  /** What one batch produced. */
  public record Batch(long watermarkMs, List<TimedEvent> late, Set<EventWindowRow> rows) {}

  private EventTimeReference() {}

  public static List<Batch> run(List<List<TimedEvent>> batches, List<Spec> specs, long delayMs) {
    Map<EventWindowKey, Metric> sums = new HashMap<>();
    Set<EventWindowKey> finalized = new HashSet<>();
    List<Batch> out = new ArrayList<>();
    long maxSeen = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    for (List<TimedEvent> batch : batches) {
      List<TimedEvent> late = new ArrayList<>();
      Set<EventWindowKey> changed = new HashSet<>();
      for (TimedEvent e : batch) {
        maxSeen = Math.max(maxSeen, e.timeMs());
        List<EventWindowKey> holding = holding(e, specs);
        final long w = watermark;
        if (holding.stream().allMatch(k -> k.endMs() <= w)) {
          late.add(e);
          continue;
        }
        for (EventWindowKey k : holding) {
          if (k.endMs() > watermark) {
            sums.merge(k, Metric.of(1, e.value()), Metric::plus);
            changed.add(k);
          }
        }
      }
      long next = maxSeen == Long.MIN_VALUE ? watermark : Math.max(watermark, maxSeen - delayMs);
      Set<EventWindowRow> rows = new HashSet<>();
      for (EventWindowKey k : changed) {
        if (k.endMs() > next) {
          rows.add(new EventWindowRow(k, sums.get(k), false));
        }
      }
      for (Map.Entry<EventWindowKey, Metric> e : sums.entrySet()) {
        if (e.getKey().endMs() <= next && finalized.add(e.getKey())) {
          rows.add(new EventWindowRow(e.getKey(), e.getValue(), true));
        }
      }
      out.add(new Batch(watermark, late, rows));
      watermark = next;
    }
    return out;
  }

  /** Every window of every spec that holds the event: start <= time < start + length, starts on the slide. */
  static List<EventWindowKey> holding(TimedEvent e, List<Spec> specs) {
    List<EventWindowKey> keys = new ArrayList<>();
    for (Spec spec : specs) {
      long from = Math.floorDiv(e.timeMs() - spec.lengthMs(), spec.slideMs()) * spec.slideMs();
      for (long start = from; start <= e.timeMs(); start += spec.slideMs()) {
        if (start <= e.timeMs() && e.timeMs() < start + spec.lengthMs()) {
          keys.add(new EventWindowKey(spec.lengthMs(), spec.slideMs(), start, e.key()));
        }
      }
    }
    return keys;
  }

  /** The rows by batch time, batch i at (i + 1) * batchMs, as {@link CollectingSink#eventWindows()} holds them. */
  public static TreeMap<Long, Set<EventWindowRow>> rowsByBatchTime(List<Batch> batches, long batchMs) {
    TreeMap<Long, Set<EventWindowRow>> rows = new TreeMap<>();
    for (int i = 0; i < batches.size(); i++) {
      rows.put((i + 1) * batchMs, batches.get(i).rows());
    }
    return rows;
  }
}
