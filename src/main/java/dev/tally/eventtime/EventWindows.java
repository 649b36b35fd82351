package dev.tally.eventtime;

import dev.tally.config.WindowSpec;
import java.io.Serializable;
import java.util.List;

/**
 * The event-time windows of a job and the rules that place an event in them, pure. Windows are aligned
 * to the epoch: a window of length L and slide S starts at every multiple of S and holds event times in
 * {@code [start, start + L)}, so an event falls into L / S windows of each spec. A window is open while
 * the watermark is before its end, and closed (final) once the watermark reaches it.
 */
public final class EventWindows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final WindowSpec[] specs;

  public EventWindows(List<WindowSpec> specs) {
    for (WindowSpec spec : specs) {
      if (spec.lengthMs() % spec.slideMs() != 0) {
        throw new IllegalArgumentException(spec.id() + ": the slide must divide the length");
      }
    }
    this.specs = specs.toArray(new WindowSpec[0]);
  }

  /** Receives the windows of an event. */
  public interface WindowVisitor {
    void window(WindowSpec spec, long startMs);
  }

  /** The start of the latest window of {@code spec} that holds {@code eventTimeMs}. */
  public static long lastStart(WindowSpec spec, long eventTimeMs) {
    return Math.floorDiv(eventTimeMs, spec.slideMs()) * spec.slideMs();
  }

  /** Visits each window holding {@code eventTimeMs} whose end is after {@code watermarkMs}, oldest first. */
  public void forEachOpenWindow(long eventTimeMs, long watermarkMs, WindowVisitor visitor) {
    for (WindowSpec spec : specs) {
      long last = lastStart(spec, eventTimeMs);
      for (long start = last - spec.lengthMs() + spec.slideMs(); start <= last; start += spec.slideMs()) {
        if (start + spec.lengthMs() > watermarkMs) {
          visitor.window(spec, start);
        }
      }
    }
  }

  /** The latest end of a window holding {@code eventTimeMs}: every window of earlier events ends by then too. */
  public long lastEnd(long eventTimeMs) {
    long end = Long.MIN_VALUE;
    for (WindowSpec spec : specs) {
      end = Math.max(end, lastStart(spec, eventTimeMs) + spec.lengthMs());
    }
    return end;
  }

  /** True when every window holding {@code eventTimeMs} has closed: its end is at or before the watermark. */
  public boolean isLate(long eventTimeMs, long watermarkMs) {
    for (WindowSpec spec : specs) {
      if (lastStart(spec, eventTimeMs) + spec.lengthMs() > watermarkMs) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return List.of(specs).toString();
  }
}
