package dev.tally.runtime;

import dev.tally.eventtime.Watermark;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Driver-side tallies of a runtime's batches, filled by the output functions while a batch runs and
 * taken by {@link BatchHealthListener} when it completes; and whether any output has failed since
 * the runtime started. One per {@link DriverRuntime}: a new start begins with none.
 */
public final class BatchFigures {
  private final ConcurrentHashMap<Long, OfBatch> byBatch = new ConcurrentHashMap<>();
  private final AtomicBoolean anyOutputFailed = new AtomicBoolean();

  public void input(long batchTimeMs, long lines, long rejects) {
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.lines += lines;
      s.rejects += rejects;
    }
  }

  public void windowRows(long batchTimeMs, String window, long rows) {
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.windowRows.merge(window, rows, Long::sum);
    }
  }

  public void totalRows(long batchTimeMs, long rows) {
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.totalRows = Math.max(0, s.totalRows) + rows;
    }
  }

  /** The watermark the batch decided lateness by (from the batches before it), with event-time windows. */
  public void watermark(long batchTimeMs, long watermarkMs) {
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.watermarkMs = watermarkMs;
    }
  }

  /** The sink's connection pool figures {active, idle, created, destroyed} after a write in this batch; null: none. */
  public void pool(long batchTimeMs, long[] figures) {
    if (figures == null) {
      return;
    }
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.pool = figures.clone();
    }
  }

  /**
   * True once any output of this runtime failed. From then on no offsets are stored: a later batch's
   * offsets would cover the failed batch's records, which were never written.
   */
  public boolean anyOutputFailed() {
    return anyOutputFailed.get();
  }

  /** An output of the batch failed: its Kafka offsets must not be stored. */
  public void outputFailed(long batchTimeMs) {
    anyOutputFailed.set(true);
    OfBatch s = of(batchTimeMs);
    synchronized (s) {
      s.outputFailed = true;
    }
  }

  /** Lines the batch has read so far (its first output counts them); 0 before that. */
  public long linesSoFar(long batchTimeMs) {
    OfBatch s = byBatch.get(batchTimeMs);
    return s == null ? 0 : s.lines();
  }

  /** Removes and returns the tallies of a batch (empty ones if its outputs recorded nothing). */
  public OfBatch take(long batchTimeMs) {
    OfBatch s = byBatch.remove(batchTimeMs);
    return s == null ? new OfBatch() : s;
  }

  private OfBatch of(long batchTimeMs) {
    return byBatch.computeIfAbsent(batchTimeMs, t -> new OfBatch());
  }

  /** The tallies of one batch. */
  public static final class OfBatch {
    private long lines;
    private long rejects;
    private final Map<String, Long> windowRows = new TreeMap<>();
    private long totalRows = -1;
    private long[] pool; // active, idle, created, destroyed
    private boolean outputFailed;
    private long watermarkMs = Watermark.NONE;

    OfBatch() {}

    /** The watermark the batch decided lateness by, or {@link Watermark#NONE} (no event-time windows, or none yet). */
    public synchronized long watermarkMs() {
      return watermarkMs;
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

    /** Whether an output of this batch failed. */
    public synchronized boolean outputFailed() {
      return outputFailed;
    }
  }
}
