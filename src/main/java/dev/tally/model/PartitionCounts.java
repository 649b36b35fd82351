package dev.tally.model;

/**
 * How many lines one partition of one batch read, how many of them were rejected, and, with event
 * time, the largest event time among them (what the watermark follows) and, after the second pass,
 * the watermark the batch decided lateness by (brought to the driver with the counts, for the health
 * line, at no extra job).
 */
public final class PartitionCounts implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final long lines;
  private final long rejects;
  private final long maxEventTimeMs;
  private final long watermarkMs;

  public PartitionCounts(long lines, long rejects) {
    this(lines, rejects, NO_EVENT_TIME);
  }

  public PartitionCounts(long lines, long rejects, long maxEventTimeMs) {
    this(lines, rejects, maxEventTimeMs, NO_EVENT_TIME);
  }

  public PartitionCounts(long lines, long rejects, long maxEventTimeMs, long watermarkMs) {
    this.lines = lines;
    this.rejects = rejects;
    this.maxEventTimeMs = maxEventTimeMs;
    this.watermarkMs = watermarkMs;
  }

  /** {@link #maxEventTimeMs()} of a partition without timed events. */
  public static final long NO_EVENT_TIME = Long.MIN_VALUE;

  /** The largest event time read, or {@link #NO_EVENT_TIME}. */
  public long maxEventTimeMs() {
    return maxEventTimeMs;
  }

  /** The watermark the batch decided lateness by, or {@link #NO_EVENT_TIME} (no second pass, no watermark yet). */
  public long watermarkMs() {
    return watermarkMs;
  }

  public long lines() {
    return lines;
  }

  public long rejects() {
    return rejects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionCounts c && c.lines == lines && c.rejects == rejects && c.maxEventTimeMs == maxEventTimeMs
        && c.watermarkMs == watermarkMs;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(lines) + Long.hashCode(rejects);
  }

  @Override
  public String toString() {
    return "lines=" + lines + " rejects=" + rejects + (maxEventTimeMs == NO_EVENT_TIME ? "" : " maxEventTime=" + maxEventTimeMs)
        + (watermarkMs == NO_EVENT_TIME ? "" : " watermark=" + watermarkMs);
  }
}
