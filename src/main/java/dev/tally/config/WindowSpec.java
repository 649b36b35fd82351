package dev.tally.config;

import java.io.Serializable;

/** A sliding window: its length and how often it slides, both in milliseconds of batch time. */
public final class WindowSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long lengthMs;
  private final long slideMs;

  public WindowSpec(long lengthMs, long slideMs) {
    if (lengthMs <= 0 || slideMs <= 0) {
      throw new IllegalArgumentException("window length and slide must be positive");
    }
    this.lengthMs = lengthMs;
    this.slideMs = slideMs;
  }

  /** Parses {@code LENGTH/SLIDE}, e.g. {@code 30s/10s}. */
  public static WindowSpec parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not LENGTH/SLIDE (e.g. 30s/10s)");
    }
    long length = Durations.parseMs(text.substring(0, slash));
    long slide = Durations.parseMs(text.substring(slash + 1));
    if (length == 0 || slide == 0) {
      throw new IllegalArgumentException("'" + text + "': length and slide must be positive");
    }
    return new WindowSpec(length, slide);
  }

  public long lengthMs() {
    return lengthMs;
  }

  public long slideMs() {
    return slideMs;
  }

  /** Stable name of the window, e.g. {@code 30s/10s}; used in output and logs. */
  public String id() {
    return Durations.format(lengthMs) + "/" + Durations.format(slideMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowSpec w && w.lengthMs == lengthMs && w.slideMs == slideMs;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lengthMs) * 31 + Long.hashCode(slideMs);
  }

  @Override
  public String toString() {
    return id();
  }
}
