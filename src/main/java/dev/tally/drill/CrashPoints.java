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
 * The crash points a drill armed, and how often each has been reached. The driver's are part of its
 * runtime ({@code DriverRuntime}, created at start from the system properties); the executor-side
 * point ({@code mid-partition}) runs in executor JVMs, which have no driver runtime: {@link
 * #ofThisJvm()} reads their system properties once per JVM (the driver's JVM in local mode).
 *
 * <p>{@code -Dtally.crashPoint=NAME[,NAME...]} arms points; {@code -Dtally.crashPoint.at=N} halts the
 * Nth time (default 1) each is reached with data; {@code -Dtally.crashPoint.marker=PATH} halts only
 * if PATH can be created (PATH.NAME with several points), so a relaunched JVM with the same options
 * does not halt again and again.
 */
public final class CrashPoints {
  /** Initialised on first use: a start refused before anything runs does not pay for log4j. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(CrashPoints.class);
  }

  /** This JVM's points as an executor reaches them: read once from its system properties. */
  private static final class ThisJvm {
    static final CrashPoints POINTS = fromSystemProperties();
  }

  final Map<CrashPoint, AtomicInteger> points;
  private final int at;
  private final String marker;
  private final Halt halt;
  private final String error;

  private CrashPoints(Map<CrashPoint, AtomicInteger> points, int at, String marker, Halt halt, String error) {
    this.points = points;
    this.at = at;
    this.marker = marker;
    this.halt = halt;
    this.error = error;
  }

  /** The points the system properties of this JVM arm (for a new driver runtime). */
  public static CrashPoints fromSystemProperties() {
    return of(System.getProperty(CrashPoint.PROPERTY), System.getProperty(CrashPoint.AT_PROPERTY),
        System.getProperty(CrashPoint.MARKER_PROPERTY), new RuntimeHalt());
  }

  /** The executor side: this JVM's points, read once from its system properties. */
  public static CrashPoints ofThisJvm() {
    return ThisJvm.POINTS;
  }

  /** True when the drill armed {@code point}: the call site then checks whether it has data. */
  public boolean armed(CrashPoint point) {
    return points.containsKey(point);
  }

  /** {@code point} was reached (with data) at {@code where}: halts the JVM when it is the armed one's turn. */
  public void reach(CrashPoint point, String where) {
    if (points.containsKey(point)) {
      reached(point, where);
    }
  }

  /**
   * What this drill does, for the start log; empty when no point is armed.
   *
   * @throws IllegalArgumentException when the properties name no crash point or a bad count, so that
   *     a mistyped drill is refused at start rather than silently never crashing
   */
  public Optional<String> describe() {
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    if (points.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(points.keySet().stream().map(point -> "crash point " + point.id() + " armed: the JVM halts "
        + "with exit code " + CrashPoint.EXIT_CODE + " the " + ordinal(at) + " time it is reached with data"
        + (marker == null ? "" : ", unless " + marker(point) + " exists (it is created first)"))
        .collect(Collectors.joining("; ")));
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

  private static CrashPoints disarmed(Halt halt, String error) {
    return new CrashPoints(Map.of(), 0, null, halt, error);
  }

  /** Never throws (it may run in a static initializer): a bad value disarms and is reported by {@link #describe()}. */
  static CrashPoints of(String names, String at, String marker, Halt halt) {
    if (names == null || names.isBlank()) {
      return disarmed(halt, null);
    }
    Map<CrashPoint, AtomicInteger> points = new EnumMap<>(CrashPoint.class);
    for (String name : names.split(",")) {
      Optional<CrashPoint> point = CrashPoint.byId(name.trim());
      if (point.isEmpty()) {
        return disarmed(halt, "-D" + CrashPoint.PROPERTY + "=" + names + ": " + name.trim() + " is not a crash point; "
            + "use " + Arrays.stream(CrashPoint.values()).map(CrashPoint::id).collect(Collectors.joining(", ")));
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
      return disarmed(halt, "-D" + CrashPoint.AT_PROPERTY + "=" + at + " is not a whole number from 1");
    }
    return new CrashPoints(points, times, marker == null || marker.isBlank() ? null : marker.trim(), halt, null);
  }

  /** The marker of a point: the path given, or with several points armed, the path plus ".NAME". */
  Path marker(CrashPoint point) {
    return marker == null ? null : Path.of(points.size() == 1 ? marker : marker + "." + point.id());
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
        Log.LOG.info("Crash point {} reached at {}, but {} exists: it crashed once already", point.id(), where, file);
        return;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the crash point marker " + file, e);
      }
    }
    Log.LOG.error("Crash point {} reached at {} ({} time): halting the JVM with exit code {}, as kill -9 would",
        point.id(), where, ordinal(count), CrashPoint.EXIT_CODE);
    halt.halt(CrashPoint.EXIT_CODE);
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
