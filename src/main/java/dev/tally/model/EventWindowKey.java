package dev.tally.model;

import java.io.Serializable;
import java.util.Objects;

/** One key in one event-time window: the window's length and slide, where it starts, and the key. */
public final class EventWindowKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long lengthMs;
  private final long slideMs;
  private final long startMs;
  private final String key;

  public EventWindowKey(long lengthMs, long slideMs, long startMs, String key) {
    this.lengthMs = lengthMs;
    this.slideMs = slideMs;
    this.startMs = startMs;
    this.key = Objects.requireNonNull(key, "key");
  }

  public long lengthMs() {
    return lengthMs;
  }

  public long slideMs() {
    return slideMs;
  }

  public long startMs() {
    return startMs;
  }

  /** Exclusive: the window holds event times in [start, end). */
  public long endMs() {
    return startMs + lengthMs;
  }

  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventWindowKey w && w.startMs == startMs && w.lengthMs == lengthMs && w.slideMs == slideMs
        && w.key.equals(key);
  }

  @Override
  public int hashCode() {
    int h = key.hashCode();
    h = 31 * h + Long.hashCode(startMs);
    h = 31 * h + Long.hashCode(lengthMs);
    return 31 * h + Long.hashCode(slideMs);
  }

  @Override
  public String toString() {
    return key + "@[" + startMs + "," + endMs() + ")";
  }
}
