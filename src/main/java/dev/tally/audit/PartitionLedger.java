package dev.tally.audit;

import java.util.Arrays;

/**
 * The ledger's ranges of one Kafka partition, sorted by start, answering "which batches read this
 * offset?" for offsets that arrive in increasing order (as a consumer reads them): an active set of
 * the ranges holding the current offset advances with it, so a lookup costs O(1) amortized however
 * many batches there were. Usually one range holds an offset; two or more is a record counted twice.
 */
final class PartitionLedger {
  private final long[] from;
  private final long[] until;
  private final int[] batch;
  private final long storedUntil;

  private int next;
  private int[] active = new int[4];
  private int activeCount;
  private long lastOffset = Long.MIN_VALUE;

  /**
   * @param from range starts, sorted ascending
   * @param until range ends (exclusive), index by index
   * @param batch the batch (an index into the ledger's batches) of each range
   * @param storedUntil the offset stored for resuming, or 0 when none is
   */
  PartitionLedger(long[] from, long[] until, int[] batch, long storedUntil) {
    this.from = from;
    this.until = until;
    this.batch = batch;
    this.storedUntil = storedUntil;
  }

  long storedUntil() {
    return storedUntil;
  }

  /** How many ranges hold {@code offset}; their batches are {@link #coveringBatch}(0..n-1). */
  int cover(long offset) {
    if (offset < lastOffset) {
      next = 0; // out of order (not from a consumer): start over, still correct
      activeCount = 0;
    }
    lastOffset = offset;
    while (next < from.length && from[next] <= offset) {
      if (activeCount == active.length) {
        active = Arrays.copyOf(active, active.length * 2);
      }
      active[activeCount++] = next++;
    }
    int kept = 0;
    for (int i = 0; i < activeCount; i++) {
      if (until[active[i]] > offset) {
        active[kept++] = active[i];
      }
    }
    activeCount = kept;
    return activeCount;
  }

  /** The batch of the {@code i}th range found by the last {@link #cover}, in range-start order. */
  int coveringBatch(int i) {
    return batch[active[i]];
  }
}
