package dev.tally.checkpointed;

import java.io.Serializable;

/**
 * One partition's share of a generated batch: which lines to make, not the lines. The driver sends
 * only these few numbers; the executor makes the lines.
 */
public final class GeneratedSlice implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;
  /** The batch interval: generated event times are spread over the interval that ends at the batch time. */
  private final long intervalMs;
  private final int partition;
  private final long lines;

  public GeneratedSlice(long batchTimeMs, long intervalMs, int partition, long lines) {
    this.batchTimeMs = batchTimeMs;
    this.intervalMs = intervalMs;
    this.partition = partition;
    this.lines = lines;
  }

  public long batchTimeMs() {
    return batchTimeMs;
  }

  public long intervalMs() {
    return intervalMs;
  }

  public int partition() {
    return partition;
  }

  public long lines() {
    return lines;
  }

  @Override
  public String toString() {
    return "slice " + partition + " of batch " + batchTimeMs + ": " + lines + " lines";
  }
}
