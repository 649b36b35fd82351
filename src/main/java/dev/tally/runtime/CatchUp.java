package dev.tally.runtime;

import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Whether the job is working through a backlog of batches (after downtime, Spark submits every batch
 * it missed at once), and the summary lines that replace a warning per batch while it does: one when
 * the backlog appears, then at most one every {@link #reportEveryMs}, and one when it is gone. A
 * backlog is {@value #BACKLOG_BATCHES} or more batches submitted and not yet completed once a batch
 * completes: in a job that keeps up, at most one batch waits behind the running one, and a slow first
 * batch of a new JVM leaves a few.
 */
final class CatchUp {
  static final int BACKLOG_BATCHES = 5;

  /** What a summary says, for the log level: the backlog grew since the last line, or it did not. */
  record Report(String line, boolean fallingBehind) {}

  private final long reportEveryMs;
  private final LongSupplier clockMs;
  private final TreeSet<Long> waiting = new TreeSet<>();
  private long startedAtMs = -1; // -1: no backlog
  private long lastReportMs;
  private int leftAtLastReport;
  private long doneSinceStart;

  CatchUp(long reportEveryMs, LongSupplier clockMs) {
    this.reportEveryMs = reportEveryMs;
    this.clockMs = clockMs;
  }

  synchronized void submitted(long batchTimeMs) {
    waiting.add(batchTimeMs);
  }

  /** Batches submitted and not completed (the running one included). */
  synchronized long waiting() {
    return waiting.size();
  }

  /** The oldest batch submitted and not completed, or {@link Long#MAX_VALUE} when none is. */
  synchronized long oldestWaiting() {
    return waiting.isEmpty() ? Long.MAX_VALUE : waiting.first();
  }

  /** Whether a backlog is being worked through (the delay then rises or falls by the backlog, not by load). */
  synchronized boolean behind() {
    return startedAtMs >= 0;
  }

  /** After a batch completed: the summary line to log now, if one is due. */
  synchronized Optional<Report> completed(long batchTimeMs, long delayMs) {
    waiting.remove(batchTimeMs);
    // A batch completed that was submitted before this listener was registered: nothing to track.
    waiting.headSet(batchTimeMs).clear();
    int left = waiting.size();
    long now = clockMs.getAsLong();
    if (startedAtMs < 0) {
      if (left < BACKLOG_BATCHES) {
        return Optional.empty();
      }
      startedAtMs = now;
      doneSinceStart = 1;
      return Optional.of(report("behind", left, delayMs, now, true));
    }
    doneSinceStart++;
    if (left < BACKLOG_BATCHES) {
      String line = "catch_up state=caught_up batches_done=" + doneSinceStart + " took_ms=" + (now - startedAtMs)
          + " scheduling_delay_ms=" + delayMs;
      startedAtMs = -1;
      return Optional.of(new Report(line, false));
    }
    if (now - lastReportMs < reportEveryMs) {
      return Optional.empty();
    }
    return Optional.of(report("behind", left, delayMs, now, left > leftAtLastReport));
  }

  private Report report(String state, int left, long delayMs, long now, boolean fallingBehind) {
    lastReportMs = now;
    leftAtLastReport = left;
    String line = "catch_up state=" + state + " batches_left=" + left + " batches_done=" + doneSinceStart
        + " next_batch_time=" + BatchHealthListener.batchTime(waiting.first()) + " scheduling_delay_ms=" + delayMs;
    return new Report(line, fallingBehind);
  }
}
