package dev.tally.model;

/**
 * How many lines one partition of one batch read, how many of them were rejected, and, with event
 * time, the largest event time among them (what the watermark follows).
 */
public final class PartitionCounts implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final long lines;
  private final long rejects;
  private final long maxEventTimeMs;

  public PartitionCounts(long lines, long rejects) {
    this(lines, rejects, NO_EVENT_TIME);
  }

  public PartitionCounts(long lines, long rejects, long maxEventTimeMs) {
    this.lines = lines;
    this.rejects = rejects;
    this.maxEventTimeMs = maxEventTimeMs;
  }

  /** {@link #maxEventTimeMs()} of a partition without timed events. */
  public static final long NO_EVENT_TIME = Long.MIN_VALUE;

  /** The largest event time read, or {@link #NO_EVENT_TIME}. */
  public long maxEventTimeMs() {
    return maxEventTimeMs;
  }

  public long lines() {
    return lines;
  }

  public long rejects() {
    return rejects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionCounts c && c.lines == lines && c.rejects == rejects && c.maxEventTimeMs == maxEventTimeMs;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(lines) + Long.hashCode(rejects);
  }

  @Override
  public String toString() {
    return "lines=" + lines + " rejects=" + rejects + (maxEventTimeMs == NO_EVENT_TIME ? "" : " maxEventTime=" + maxEventTimeMs);
  }
}
