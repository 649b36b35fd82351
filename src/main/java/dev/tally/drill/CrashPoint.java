package dev.tally.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Named places where a fault drill halts the JVM at once, as {@code kill -9} would: no shutdown
 * hook, no graceful stop, open transactions left to the database. Off unless the JVM runs with
 * {@code -Dtally.crashPoint=NAME}; the properties are read once per JVM, so a point that is off
 * costs the comparison of a constant.
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

  /** Initialised on first use: a start refused before anything runs does not pay for log4j. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(CrashPoint.class);
  }
  private static final Trigger TRIGGER = Trigger.of(System.getProperty(PROPERTY), System.getProperty(AT_PROPERTY),
      System.getProperty(MARKER_PROPERTY), new RuntimeHalt());

  private final String id;

  CrashPoint(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** True when this JVM's drill armed this point: the call site then checks whether it has data. */
  public boolean armed() {
    return TRIGGER.points.containsKey(this);
  }

  /** This point was reached (with data) at {@code where}: halts the JVM when it is the armed one's turn. */
  public void reach(String where) {
    if (TRIGGER.points.containsKey(this)) {
      TRIGGER.reached(this, where);
    }
  }

  /**
   * What this JVM's drill does, for the start log; empty when no point is armed.
   *
   * @throws IllegalArgumentException when the properties name no crash point or a bad count, so that
   *     a mistyped drill is refused at start rather than silently never crashing
   */
  public static Optional<String> describeArmed() {
    return TRIGGER.describe();
  }

  static Optional<CrashPoint> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** How a halt happens; tests record it instead. */
  interface Halt {
    void halt(int exitCode);
  }

  private static final class RuntimeHalt implements Halt {
    @Override
    public void halt(int exitCode) {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(exitCode);
    }
  }

  /** The armed points of a JVM and how often each has been reached. */
  static final class Trigger {
    final Map<CrashPoint, AtomicInteger> points;
    private final int at;
    private final String marker;
    private final Halt halt;
    private final String error;

    private Trigger(Map<CrashPoint, AtomicInteger> points, int at, String marker, Halt halt, String error) {
      this.points = points;
      this.at = at;
      this.marker = marker;
      this.halt = halt;
      this.error = error;
    }

    private static Trigger disarmed(Halt halt, String error) {
      return new Trigger(Map.of(), 0, null, halt, error);
    }

    /** Never throws (it runs in a static initializer): a bad value disarms and is reported by {@link #describe()}. */
    static Trigger of(String names, String at, String marker, Halt halt) {
      if (names == null || names.isBlank()) {
        return disarmed(halt, null);
      }
      Map<CrashPoint, AtomicInteger> points = new EnumMap<>(CrashPoint.class);
      for (String name : names.split(",")) {
        Optional<CrashPoint> point = byId(name.trim());
        if (point.isEmpty()) {
          return disarmed(halt, "-D" + PROPERTY + "=" + names + ": " + name.trim() + " is not a crash point; use "
              + Arrays.stream(values()).map(CrashPoint::id).collect(Collectors.joining(", ")));
        }
        points.put(point.get(), new AtomicInteger());
      }
      int times;
      try {
        times = at == null ? 1 : Integer.parseInt(at.trim());
      } catch (NumberFormatException e) {
        times = 0;
      }
      if (times < 1) {
        return disarmed(halt, "-D" + AT_PROPERTY + "=" + at + " is not a whole number from 1");
      }
      return new Trigger(points, times, marker == null || marker.isBlank() ? null : marker.trim(), halt, null);
    }

    /** The marker of a point: the path given, or with several points armed, the path plus ".NAME". */
    Path marker(CrashPoint point) {
      return marker == null ? null : Path.of(points.size() == 1 ? marker : marker + "." + point.id);
    }

    Optional<String> describe() {
      if (error != null) {
        throw new IllegalArgumentException(error);
      }
      if (points.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(points.keySet().stream().map(point -> "crash point " + point.id + " armed: the JVM halts "
          + "with exit code " + EXIT_CODE + " the " + ordinal(at) + " time it is reached with data"
          + (marker == null ? "" : ", unless " + marker(point) + " exists (it is created first)"))
          .collect(Collectors.joining("; ")));
    }

    void reached(CrashPoint point, String where) {
      int count = points.get(point).incrementAndGet();
      if (count != at) {
        return;
      }
      Path file = marker(point);
      if (file != null) {
        try {
          Files.createFile(file); // atomic: of all JVMs that get here, one halts
        } catch (FileAlreadyExistsException e) {
          Log.LOG.info("Crash point {} reached at {}, but {} exists: it crashed once already", point.id, where, file);
          return;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create the crash point marker " + file, e);
        }
      }
      Log.LOG.error("Crash point {} reached at {} ({} time): halting the JVM with exit code {}, as kill -9 would",
          point.id, where, ordinal(count), EXIT_CODE);
      halt.halt(EXIT_CODE);
    }

    private static String ordinal(int n) {
      int tens = n % 100;
      String suffix = tens >= 11 && tens <= 13 ? "th" : switch (n % 10) {
        case 1 -> "st";
        case 2 -> "nd";
        case 3 -> "rd";
        default -> "th";
      };
      return n + suffix;
    }
  }
}
