package dev.tally.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Driver-side tallies of one batch, filled by the output functions while the batch runs and taken by
 * {@link BatchHealthListener} when it completes.
 */
public final class BatchFigures {
  private static final ConcurrentHashMap<Long, BatchFigures> BY_BATCH = new ConcurrentHashMap<>();
  private static final AtomicBoolean ANY_OUTPUT_FAILED = new AtomicBoolean();

  private long lines;
  private long rejects;
  private final Map<String, Long> windowRows = new TreeMap<>();
  private long totalRows = -1;
  private long[] pool; // active, idle, created, destroyed
  private boolean outputFailed;

  private BatchFigures() {}

  public static void input(long batchTimeMs, long lines, long rejects) {
    BatchFigures s = of(batchTimeMs);
    synchronized (s) {
      s.lines += lines;
      s.rejects += rejects;
    }
  }

  public static void windowRows(long batchTimeMs, String window, long rows) {
    BatchFigures s = of(batchTimeMs);
    synchronized (s) {
      s.windowRows.merge(window, rows, Long::sum);
    }
  }

  public static void totalRows(long batchTimeMs, long rows) {
    BatchFigures s = of(batchTimeMs);
    synchronized (s) {
      s.totalRows = Math.max(0, s.totalRows) + rows;
    }
  }

  /** The sink's connection pool figures after its last write in this batch. */
  public static void pool(long batchTimeMs, long active, long idle, long created, long destroyed) {
    BatchFigures s = of(batchTimeMs);
    synchronized (s) {
      s.pool = new long[] {active, idle, created, destroyed};
    }
  }

  /** Forgets everything: a new streaming context starts. */
  public static void reset() {
    BY_BATCH.clear();
    ANY_OUTPUT_FAILED.set(false);
  }

  /**
   * True once any output of this streaming context failed. From then on no offsets are stored: a
   * later batch's offsets would cover the failed batch's records, which were never written.
   */
  public static boolean anyOutputFailed() {
    return ANY_OUTPUT_FAILED.get();
  }

  /** An output of the batch failed: its Kafka offsets must not be stored. */
  public static void outputFailed(long batchTimeMs) {
    ANY_OUTPUT_FAILED.set(true);
    BatchFigures s = of(batchTimeMs);
    synchronized (s) {
      s.outputFailed = true;
    }
  }

  /** Lines the batch has read so far (its first output counts them); 0 before that. */
  public static long linesSoFar(long batchTimeMs) {
    BatchFigures s = BY_BATCH.get(batchTimeMs);
    return s == null ? 0 : s.lines();
  }

  /** Removes and returns the tallies of a batch (empty ones if its outputs recorded nothing). */
  public static BatchFigures take(long batchTimeMs) {
    BatchFigures s = BY_BATCH.remove(batchTimeMs);
    return s == null ? new BatchFigures() : s;
  }

  private static BatchFigures of(long batchTimeMs) {
    return BY_BATCH.computeIfAbsent(batchTimeMs, t -> new BatchFigures());
  }

  public synchronized long lines() {
    return lines;
  }

  public synchronized long rejects() {
    return rejects;
  }

  /** Rows written per window id, for the windows that slid in this batch. */
  public synchronized Map<String, Long> windowRows() {
    return new TreeMap<>(windowRows);
  }

  /** Pool figures {active, idle, created, destroyed}, or null when no pooled sink wrote. */
  public synchronized long[] pool() {
    return pool == null ? null : pool.clone();
  }

  /** Total rows written, or -1 when the totals output did not run. */
  public synchronized long totalRows() {
    return totalRows;
  }
}
