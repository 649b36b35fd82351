package dev.tally.eventtime;

import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The open event-time windows of one state partition after one batch, grouped by window end, and the
 * rows that batch changed or closed. Immutable: the next batch builds a new store that shares the
 * windows it did not touch, so a batch's state stays what it was when a later batch is computed
 * again (a retried task, a recovery), and a batch costs what it touches plus the windows it closes,
 * not the whole state. Closing is by end: the groups at or before the watermark are dropped whole.
 */
public final class EventWindowStore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<Long, HashMap<EventWindowKey, Metric>> byEnd;
  private final List<EventWindowRow> rows;
  private final long closedUpToMs;

  private EventWindowStore(TreeMap<Long, HashMap<EventWindowKey, Metric>> byEnd, List<EventWindowRow> rows,
      long closedUpToMs) {
    this.byEnd = byEnd;
    this.rows = rows;
    this.closedUpToMs = closedUpToMs;
  }

  public static EventWindowStore empty() {
    return new EventWindowStore(new TreeMap<>(), List.of(), Watermark.NONE);
  }

  /** The rows the batch that made this store changed (not final) or closed (final). */
  public List<EventWindowRow> rows() {
    return rows;
  }

  /** How many (key, window) pairs are held. */
  public long size() {
    long n = 0;
    for (Map<EventWindowKey, Metric> windows : byEnd.values()) {
      n += windows.size();
    }
    return n;
  }

  /** Starts the next batch's store from this one. */
  public Update update() {
    return new Update();
  }

  /** The next batch's store, being built: add its partials, then close by its watermark. */
  public final class Update {
    private final TreeMap<Long, HashMap<EventWindowKey, Metric>> next = new TreeMap<>(byEnd);
    private final Set<Long> copied = new java.util.HashSet<>();
    private final Set<EventWindowKey> changed = new LinkedHashSet<>();

    private Update() {}

    /** Adds a partial metric of a key in an open window. */
    public Update add(EventWindowKey window, Metric partial) {
      if (window.endMs() <= closedUpToMs) {
        throw new IllegalStateException(window + " closed at watermark " + Watermark.format(closedUpToMs)
            + " but was given events: lateness was decided by another watermark");
      }
      long end = window.endMs();
      HashMap<EventWindowKey, Metric> group = next.get(end);
      if (copied.add(end)) { // first touch of this end in the batch: never change the previous batch's map
        group = group == null ? new HashMap<>() : new HashMap<>(group);
        next.put(end, group);
      }
      group.merge(window, partial, Metric::plus);
      changed.add(window);
      return this;
    }

    /** The new store: windows ending at or before {@code watermarkMs} are written final and dropped. */
    public EventWindowStore close(long watermarkMs) {
      if (watermarkMs < closedUpToMs) {
        throw new IllegalStateException("the watermark moved back from " + Watermark.format(closedUpToMs)
            + " to " + Watermark.format(watermarkMs));
      }
      List<EventWindowRow> out = new ArrayList<>();
      NavigableMap<Long, HashMap<EventWindowKey, Metric>> closing = next.headMap(watermarkMs, true);
      for (EventWindowKey window : changed) {
        if (window.endMs() > watermarkMs) {
          out.add(new EventWindowRow(window, next.get(window.endMs()).get(window), false));
        }
      }
      for (Map<EventWindowKey, Metric> group : closing.values()) {
        for (Map.Entry<EventWindowKey, Metric> e : group.entrySet()) {
          out.add(new EventWindowRow(e.getKey(), e.getValue(), true));
        }
      }
      closing.clear();
      return new EventWindowStore(next, out, watermarkMs);
    }
  }

  @Override
  public String toString() {
    return "EventWindowStore(" + size() + " held, " + rows.size() + " rows, closed up to "
        + Watermark.format(closedUpToMs) + ")";
  }
}
