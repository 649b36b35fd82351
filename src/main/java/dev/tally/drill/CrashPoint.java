package dev.tally.drill;

import java.util.Arrays;
import java.util.Optional;

/**
 * Named places where a fault drill halts the JVM at once, as {@code kill -9} would: no shutdown
 * hook, no graceful stop, open transactions left to the database. Off unless the JVM runs with
 * {@code -Dtally.crashPoint=NAME}; which points are armed, and when they halt, is {@link CrashPoints}:
 * the driver's belong to its runtime, an executor's are read once per JVM.
 *
 * <ul>
 *   <li>{@code after-sink-write-before-offsets}, on the driver: every result of a Kafka batch is
 *       written, its offsets are not stored yet.
 *   <li>{@code mid-partition}, on executors (the driver's JVM in local mode): a partition's rows
 *       are sent to the database, its transaction is not committed.
 *   <li>{@code after-batch-before-checkpoint}, on the driver: every output of a batch is done, Spark
 *       has not yet written the checkpoint that records the batch as completed.
 * </ul>
 *
 * <p>Only a batch or partition with data counts, so the moment does not depend on how many empty
 * batches ran. {@code -Dtally.crashPoint.at=N} halts the Nth time (default 1) in this JVM;
 * {@code -Dtally.crashPoint.marker=PATH} halts only if it can create PATH, so a driver restarted by
 * its supervisor, or an executor relaunched, with the same options does not halt again and again.
 * Several points may be armed at once ({@code -Dtally.crashPoint=a,b}), each counted on its own;
 * then each has its own marker, PATH.NAME, so a supervised driver halts at each of them once.
 */
public enum CrashPoint {
  AFTER_SINK_WRITE_BEFORE_OFFSETS("after-sink-write-before-offsets"),
  MID_PARTITION("mid-partition"),
  AFTER_BATCH_BEFORE_CHECKPOINT("after-batch-before-checkpoint");

  public static final String PROPERTY = "tally.crashPoint";
  public static final String AT_PROPERTY = "tally.crashPoint.at";
  public static final String MARKER_PROPERTY = "tally.crashPoint.marker";
  /** The exit code of a halt at a crash point: none of Tally's own codes, nor 128 + a signal. */
  public static final int EXIT_CODE = 86;

  private final String id;

  CrashPoint(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The point named {@code id} ({@code mid-partition}), if any. */
  public static Optional<CrashPoint> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }
}
