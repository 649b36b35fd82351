package dev.tally.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * The running total of one key: its metric since the key was first seen, when it was first and last
 * seen (batch times, epoch ms), and how many batches in a row it has been idle (for the TTL).
 *
 * <p>Immutable; kept in Spark's state checkpoint.
 */
public final class TotalState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Metric metric;
  private final long firstSeenMs;
  private final long lastSeenMs;
  private final int idleBatches;

  public TotalState(Metric metric, long firstSeenMs, long lastSeenMs, int idleBatches) {
    this.metric = Objects.requireNonNull(metric, "metric");
    this.firstSeenMs = firstSeenMs;
    this.lastSeenMs = lastSeenMs;
    this.idleBatches = idleBatches;
  }

  /** The contribution of a single batch: seen first and last at {@code batchTimeMs}. */
  public static TotalState ofBatch(Metric metric, long batchTimeMs) {
    return new TotalState(metric, batchTimeMs, batchTimeMs, 0);
  }

  /** This total with a later batch's contribution added; the key is active again. */
  public TotalState plus(TotalState later) {
    return new TotalState(
        metric.plus(later.metric),
        Math.min(firstSeenMs, later.firstSeenMs),
        Math.max(lastSeenMs, later.lastSeenMs),
        0);
  }

  /** This total after one more batch without events for the key. */
  public TotalState idleOneMoreBatch() {
    return new TotalState(metric, firstSeenMs, lastSeenMs, idleBatches + 1);
  }

  public Metric metric() {
    return metric;
  }

  public long firstSeenMs() {
    return firstSeenMs;
  }

  public long lastSeenMs() {
    return lastSeenMs;
  }

  public int idleBatches() {
    return idleBatches;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotalState t
        && t.metric.equals(metric)
        && t.firstSeenMs == firstSeenMs
        && t.lastSeenMs == lastSeenMs
        && t.idleBatches == idleBatches;
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, firstSeenMs, lastSeenMs, idleBatches);
  }

  @Override
  public String toString() {
    return metric + " first=" + firstSeenMs + " last=" + lastSeenMs + " idle=" + idleBatches;
  }
}
