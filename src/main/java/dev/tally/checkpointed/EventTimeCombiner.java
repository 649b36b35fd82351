package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindows;
import dev.tally.eventtime.Watermark;
import dev.tally.model.EventWindowKey;
import dev.tally.model.KeyedMetric;
import dev.tally.model.KeyedWindowMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.model.TimedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pass over a partition when events have a time, once the batch's watermark is known: an
 * event whose every window has closed becomes a reject ({@code late: ...}); the others are summed per
 * key (for the processing-time windows and totals, as {@link PartitionCombiner} does without event
 * time) and per key and open event-time window. Rejects pass through; the partition's counts gain the
 * late rejects. Pure Java, no Spark.
 */
public final class EventTimeCombiner {
  private final EventWindows windows;
  private final long watermarkMs;
  private final int width;
  private final Map<String, long[]> perKey = new HashMap<>();
  private final Map<EventWindowKey, long[]> perWindow = new HashMap<>();
  private final List<PartitionOutput> rejects = new ArrayList<>();
  private final List<EventWindowKey> openWindows = new ArrayList<>();
  private long lines;
  private long rejected;
  private long maxEventTimeMs = PartitionCounts.NO_EVENT_TIME;

  /** {@code valueCount}: value fields per event; {@code watermarkMs}: the batch's current watermark. */
  public EventTimeCombiner(EventWindows windows, long watermarkMs, int valueCount) {
    this.windows = windows;
    this.watermarkMs = watermarkMs;
    this.width = valueCount + 1;
  }

  public void accept(PartitionOutput out) {
    if (out instanceof TimedEvent e) {
      event(e);
    } else if (out instanceof Reject r) {
      rejects.add(r);
    } else if (out instanceof PartitionCounts c) {
      lines += c.lines();
      rejected += c.rejects();
      maxEventTimeMs = Math.max(maxEventTimeMs, c.maxEventTimeMs());
    } else {
      throw new IllegalArgumentException("not an output of the parse pass with event time: " + out);
    }
  }

  private void event(TimedEvent e) {
    long time = e.eventTimeMs();
    if (windows.isLate(time, watermarkMs)) {
      reject(e, "late: event time " + Instant.ofEpochMilli(time) + " is before the watermark "
          + Watermark.format(watermarkMs) + ", every window holding it has closed");
      return;
    }
    openWindows.clear();
    windows.forEachOpenWindow(time, watermarkMs,
        (spec, start) -> openWindows.add(new EventWindowKey(spec.lengthMs(), spec.slideMs(), start, e.key())));
    long[] keyPartial = perKey.computeIfAbsent(e.key(), k -> new long[width]);
    // Checked before anything is added, so the event counts everywhere or is rejected whole.
    String overflow = overflow(keyPartial, e);
    for (int w = 0; overflow == null && w < openWindows.size(); w++) {
      long[] partial = perWindow.get(openWindows.get(w));
      overflow = partial == null ? null : overflow(partial, e);
    }
    if (overflow != null) {
      reject(e, overflow);
      return;
    }
    add(keyPartial, e);
    for (EventWindowKey window : openWindows) {
      add(perWindow.computeIfAbsent(window, k -> new long[width]), e);
    }
  }

  private static String overflow(long[] partial, TimedEvent e) {
    for (int i = 0; i < e.valueCount(); i++) {
      long value = e.value(i);
      long sum = partial[i + 1] + value;
      if (((partial[i + 1] ^ sum) & (value ^ sum)) < 0) {
        return "the sum of value field " + (i + 1) + " for key '" + e.key() + "' would overflow";
      }
    }
    return null;
  }

  private static void add(long[] partial, TimedEvent e) {
    partial[0]++;
    for (int i = 0; i < e.valueCount(); i++) {
      partial[i + 1] += e.value(i);
    }
  }

  private void reject(TimedEvent e, String reason) {
    rejects.add(new Reject(e.input(), e.position(), reason, e.raw()));
    rejected++;
  }

  /**
   * The rejects, late ones included; one partial metric per key; one per key and open window; then
   * the partition's counts.
   */
  public List<PartitionOutput> result() {
    List<PartitionOutput> out = new ArrayList<>(rejects.size() + perKey.size() + perWindow.size() + 1);
    out.addAll(rejects);
    for (Map.Entry<String, long[]> e : perKey.entrySet()) {
      if (e.getValue()[0] > 0) { // a key whose only events overflowed has nothing to add
        out.add(new KeyedMetric(e.getKey(), Metric.fromAccumulator(e.getValue())));
      }
    }
    for (Map.Entry<EventWindowKey, long[]> e : perWindow.entrySet()) {
      out.add(new KeyedWindowMetric(e.getKey(), Metric.fromAccumulator(e.getValue())));
    }
    out.add(new PartitionCounts(lines, rejected, maxEventTimeMs, watermarkMs));
    return out;
  }
}
