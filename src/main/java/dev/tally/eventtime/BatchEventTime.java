package dev.tally.eventtime;

import java.io.Serializable;

/**
 * What one partition of a batch tells the watermark: its largest event time ({@link Watermark#NONE}
 * when it had none), or, from the driver, that the batch closes every window (the end of a run until
 * caught up). Immutable.
 */
public final class BatchEventTime implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final BatchEventTime CLOSES_EVERY_WINDOW = new BatchEventTime(Watermark.NONE, true);

  private final long maxEventTimeMs;
  private final boolean closesEveryWindow;

  private BatchEventTime(long maxEventTimeMs, boolean closesEveryWindow) {
    this.maxEventTimeMs = maxEventTimeMs;
    this.closesEveryWindow = closesEveryWindow;
  }

  public static BatchEventTime max(long eventTimeMs) {
    return new BatchEventTime(eventTimeMs, false);
  }

  public static BatchEventTime closesEveryWindow() {
    return CLOSES_EVERY_WINDOW;
  }

  public long maxEventTimeMs() {
    return maxEventTimeMs;
  }

  public boolean closesEvery() {
    return closesEveryWindow;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchEventTime b && b.maxEventTimeMs == maxEventTimeMs && b.closesEveryWindow == closesEveryWindow;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(maxEventTimeMs) * 31 + (closesEveryWindow ? 1 : 0);
  }

  @Override
  public String toString() {
    return closesEveryWindow ? "closes every window" : "max event time " + Watermark.format(maxEventTimeMs);
  }
}
