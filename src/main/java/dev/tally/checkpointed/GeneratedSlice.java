package dev.tally.checkpointed;

import java.io.Serializable;

/**
 * One partition's share of a generated batch: which lines to make, not the lines. The driver sends
 * only these few numbers; the executor makes the lines.
 */
public final class GeneratedSlice implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;
  private final int partition;
  private final long lines;

  public GeneratedSlice(long batchTimeMs, int partition, long lines) {
    this.batchTimeMs = batchTimeMs;
    this.partition = partition;
    this.lines = lines;
  }

  public long batchTimeMs() {
    return batchTimeMs;
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
