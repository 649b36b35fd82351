package dev.tally.audit;

import dev.tally.config.WindowSpec;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event-time semantics replayed offline, batch by batch in ledger order, written from the rules
 * (README, "Event time") rather than from Tally's {@code eventtime} classes, so that the audit does not
 * share the code it checks:
 *
 * <ul>
 *   <li>A checkpoint origin starts without a watermark. The watermark of a batch is the largest event
 *       time read by the origin's batches before it, minus the delay, and never moves back.
 *   <li>Windows are aligned to the epoch and hold event times in {@code [start, start + length)}. An
 *       event is late when every window holding it (of every spec) ends at or before its batch's
 *       watermark: it counts nowhere and is a reject. Otherwise it counts in each holding window
 *       that ends after that watermark. Late events still count towards the largest event time.
 *   <li>After a batch, the next watermark is known: the batch writes each (window, key) it changed
 *       whose window ends after it, and, marked final, every held (window, key) whose window ends at
 *       or before it; final ones are dropped. The sink keeps the last row written for each.
 * </ul>
 *
 * Use: {@link #startOrigin} at each new origin, then per batch {@link #beginBatch}, {@link #event}
 * for each event it read, {@link #endBatch}; finally {@link #rows}.
 */
public final class EventTimeReplay {
  /** Before any event of an origin: nothing is late, nothing closes. */
  public static final long NO_WATERMARK = Long.MIN_VALUE;

  /** The last row the sink should hold for one (window, key). */
  public record Row(Metric metric, boolean isFinal, long batchTimeMs) {}

  private final List<WindowSpec> specs;
  private final long delayMs;
  private final int width;

  /** Open (window, key) sums, by window end, so that closing takes whole ends at once. */
  private final TreeMap<Long, Map<EventWindowKey, long[]>> open = new TreeMap<>();
  private final Map<EventWindowKey, Row> rows = new HashMap<>();
  private final Set<EventWindowKey> changed = new LinkedHashSet<>();

  private long watermarkMs = NO_WATERMARK;
  private long maxEventTimeMs = NO_WATERMARK;
  private long batchTimeMs;
  private boolean inBatch;

  /** @param valueCount value fields per event */
  public EventTimeReplay(List<WindowSpec> specs, long delayMs, int valueCount) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no event-time windows");
    }
    this.specs = List.copyOf(specs);
    this.delayMs = delayMs;
    this.width = valueCount + 1;
  }

  /**
   * A new checkpoint origin: its watermark and window state start from nothing (rows already written
   * stay in the sink until the new origin's batches overwrite them).
   */
  public void startOrigin() {
    requireBetweenBatches();
    open.clear();
    watermarkMs = NO_WATERMARK;
    maxEventTimeMs = NO_WATERMARK;
  }

  /** Starts the batch at {@code timeMs}; returns its watermark ({@link #NO_WATERMARK} for none). */
  public long beginBatch(long timeMs) {
    requireBetweenBatches();
    inBatch = true;
    batchTimeMs = timeMs;
    changed.clear();
    return watermarkMs;
  }

  /** One event the batch read; returns false when it is late (and so counted nowhere). */
  public boolean event(String key, long[] values, long eventTimeMs) {
    if (!inBatch) {
      throw new IllegalStateException("an event outside a batch");
    }
    maxEventTimeMs = Math.max(maxEventTimeMs, eventTimeMs);
    if (isLate(eventTimeMs)) {
      return false;
    }
    for (WindowSpec spec : specs) {
      // The holding windows start at the multiples of the slide in (time - length, time].
      long latestStart = Math.floorDiv(eventTimeMs, spec.slideMs()) * spec.slideMs();
      for (long start = latestStart; start > eventTimeMs - spec.lengthMs(); start -= spec.slideMs()) {
        long end = start + spec.lengthMs();
        if (end <= watermarkMs) {
          break; // older windows end earlier still
        }
        EventWindowKey window = new EventWindowKey(spec.lengthMs(), spec.slideMs(), start, key);
        long[] sums = open.computeIfAbsent(end, e -> new HashMap<>()).computeIfAbsent(window, w -> new long[width]);
        sums[0]++;
        for (int i = 0; i < values.length; i++) {
          sums[i + 1] += values[i];
        }
        changed.add(window);
      }
    }
    return true;
  }

  private boolean isLate(long eventTimeMs) {
    if (watermarkMs == NO_WATERMARK) {
      return false;
    }
    for (WindowSpec spec : specs) {
      long latestEnd = Math.floorDiv(eventTimeMs, spec.slideMs()) * spec.slideMs() + spec.lengthMs();
      if (latestEnd > watermarkMs) {
        return false;
      }
    }
    return true;
  }

  /** Ends the batch: advances the watermark, records the rows it wrote; returns the next watermark. */
  public long endBatch() {
    if (!inBatch) {
      throw new IllegalStateException("no batch to end");
    }
    inBatch = false;
    long next = maxEventTimeMs == NO_WATERMARK ? watermarkMs : Math.max(watermarkMs, maxEventTimeMs - delayMs);
    for (EventWindowKey window : changed) {
      if (window.endMs() > next) {
        rows.put(window, new Row(Metric.fromAccumulator(open.get(window.endMs()).get(window)), false, batchTimeMs));
      }
    }
    Map<Long, Map<EventWindowKey, long[]>> closing = open.headMap(next, true);
    for (Map<EventWindowKey, long[]> windows : closing.values()) {
      windows.forEach((window, sums) -> rows.put(window, new Row(Metric.fromAccumulator(sums), true, batchTimeMs)));
    }
    closing.clear();
    watermarkMs = next;
    return next;
  }

  private void requireBetweenBatches() {
    if (inBatch) {
      throw new IllegalStateException("the batch at " + batchTimeMs + " has not ended");
    }
  }

  /** The watermark of the next batch (after {@link #endBatch}). */
  public long watermarkMs() {
    return watermarkMs;
  }

  /** The last row written for each (window, key) so far. */
  public Map<EventWindowKey, Row> rows() {
    return rows;
  }

  /** How many (window, key) pairs are open. */
  public long openCount() {
    long n = 0;
    for (Map<EventWindowKey, long[]> windows : open.values()) {
      n += windows.size();
    }
    return n;
  }

  /**
   * The reason a late event's reject carries, as Tally words it (checked against Tally's own in the
   * tests): event time and watermark as ISO-8601 instants.
   */
  public static String lateReason(long eventTimeMs, long watermarkMs) {
    return "late: event time " + Instant.ofEpochMilli(eventTimeMs) + " is before the watermark "
        + format(watermarkMs) + ", every window holding it has closed";
  }

  /** A watermark for people: an ISO-8601 instant, or "none". */
  public static String format(long watermarkMs) {
    return watermarkMs == NO_WATERMARK ? "none" : Instant.ofEpochMilli(watermarkMs).toString();
  }
}
