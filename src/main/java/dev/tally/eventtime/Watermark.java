package dev.tally.eventtime;

import java.io.Serializable;
import java.time.Instant;

/**
 * The watermark of one batch, as the watermark stream keeps it: {@code current}, what this batch
 * decided lateness by (from the batches before it); {@code maxEventTimeMs}, the largest event time
 * seen up to the end of this batch; and {@code next}, the watermark of the next batch, by which this
 * batch's state closes its windows. Immutable; the next batch's is derived from this one alone and
 * the next batch's largest event time ({@link #advance}), so a batch re-run after a restart derives
 * the same watermark from the same checkpointed predecessor.
 */
public final class Watermark implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Before any event: nothing is late, no window closes. */
  public static final long NONE = Long.MIN_VALUE;

  private final long currentMs;
  private final long maxEventTimeMs;
  private final long nextMs;

  public Watermark(long currentMs, long maxEventTimeMs, long nextMs) {
    this.currentMs = currentMs;
    this.maxEventTimeMs = maxEventTimeMs;
    this.nextMs = nextMs;
  }

  /** The first batch's: no earlier batch, so no watermark. */
  public static Watermark first(long batchMaxEventTimeMs, long delayMs) {
    return new Watermark(NONE, NONE, NONE).advance(batchMaxEventTimeMs, delayMs);
  }

  /**
   * The watermark of the batch after this one, which read events up to {@code batchMaxEventTimeMs}
   * ({@link #NONE} when it read none): never behind this one's next.
   */
  public Watermark advance(long batchMaxEventTimeMs, long delayMs) {
    long max = Math.max(maxEventTimeMs, batchMaxEventTimeMs);
    long candidate = max == NONE ? NONE : max - delayMs;
    return new Watermark(nextMs, max, Math.max(nextMs, candidate));
  }

  /**
   * This watermark with its next moved past the end of every window of {@code windows} that holds an
   * event seen so far, so that the batch closes them all; the next batch's lateness follows from it.
   * Unchanged before any event.
   */
  public Watermark closingEveryWindow(EventWindows windows) {
    if (maxEventTimeMs == NONE) {
      return this;
    }
    return new Watermark(currentMs, maxEventTimeMs, Math.max(nextMs, windows.lastEnd(maxEventTimeMs)));
  }

  public long currentMs() {
    return currentMs;
  }

  public long maxEventTimeMs() {
    return maxEventTimeMs;
  }

  public long nextMs() {
    return nextMs;
  }

  /** For messages: an ISO-8601 instant, or "none". */
  public static String format(long ms) {
    return ms == NONE ? "none" : Instant.ofEpochMilli(ms).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Watermark w && w.currentMs == currentMs && w.maxEventTimeMs == maxEventTimeMs
        && w.nextMs == nextMs;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(currentMs) * 961 + Long.hashCode(maxEventTimeMs) * 31 + Long.hashCode(nextMs);
  }

  @Override
  public String toString() {
    return "watermark " + format(currentMs) + " (max event time " + format(maxEventTimeMs) + ", next "
        + format(nextMs) + ")";
  }
}
