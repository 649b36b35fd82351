package dev.tally.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When an armed crash point halts, with the halt recorded instead of done (TallyProcessTest sees real ones). */
class CrashPointsTest {
  @TempDir Path tmp;

  private final List<Integer> halts = new ArrayList<>();

  private CrashPoints trigger(String name, String at, String marker) {
    return CrashPoints.of(name, at, marker, halts::add);
  }

  @Test
  void offByDefaultAndInThisTestJvm() {
    CrashPoints off = trigger(null, null, null);
    assertEquals(Optional.empty(), off.describe());
    CrashPoints thisJvm = CrashPoints.ofThisJvm();
    for (CrashPoint point : CrashPoint.values()) {
      assertFalse(thisJvm.armed(point), point.id());
      thisJvm.reach(point, "anywhere"); // never halts here
    }
    assertEquals(Optional.empty(), thisJvm.describe());
    assertEquals(Optional.empty(), CrashPoints.fromSystemProperties().describe());
  }

  @Test
  void haltsWithItsExitCodeTheNthTimeItIsReached() {
    CrashPoints third = trigger("mid-partition", "3", null);
    assertEquals(java.util.Set.of(CrashPoint.MID_PARTITION), third.points.keySet());
    third.reached(CrashPoint.MID_PARTITION, "a");
    third.reached(CrashPoint.MID_PARTITION, "b");
    assertEquals(List.of(), halts);
    third.reached(CrashPoint.MID_PARTITION, "c");
    assertEquals(List.of(86), halts);
    assertEquals("crash point mid-partition armed: the JVM halts with exit code 86 the 3rd time it is reached with data",
        third.describe().get());

    trigger("after-batch-before-checkpoint", null, null).reached(CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT, "first");
    assertEquals(List.of(86, 86), halts, "once by default");
  }

  @Test
  void aMarkerMakesItHaltOnceAcrossRestarts() throws Exception {
    Path marker = tmp.resolve("crashed-once");
    trigger("after-sink-write-before-offsets", "1", marker.toString())
        .reached(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, "batch 1");
    assertEquals(List.of(86), halts);
    assertTrue(Files.exists(marker));
    // The supervisor restarts the JVM with the same options: it runs on.
    trigger("after-sink-write-before-offsets", "1", marker.toString())
        .reached(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, "batch 1 again");
    assertEquals(List.of(86), halts);
  }

  @Test
  void aMistypedDrillIsRefusedNotIgnored() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trigger("mid-partiton", null, null).describe());
    assertEquals("-Dtally.crashPoint=mid-partiton: mid-partiton is not a crash point; use after-sink-write-before-offsets, "
        + "mid-partition, after-batch-before-checkpoint", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trigger("mid-partition", "0", null).describe());
    assertThrows(IllegalArgumentException.class, () -> trigger("mid-partition", "two", null).describe());
    assertTrue(trigger("mid-partiton", null, null).points.isEmpty(), "a refused drill never halts");
  }

  /** A supervised driver armed with two points halts at each once: a marker per point. */
  @Test
  void severalPointsEachHaltOnceWithTheirOwnMarker() throws Exception {
    String marker = tmp.resolve("crashed").toString();
    String both = "after-sink-write-before-offsets, after-batch-before-checkpoint";
    CrashPoints first = trigger(both, "2", marker);
    first.reached(CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT, "batch 1");
    first.reached(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, "batch 2");
    assertEquals(List.of(), halts, "each point counts on its own");
    first.reached(CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT, "batch 2");
    assertEquals(List.of(86), halts);
    assertTrue(Files.exists(Path.of(marker + ".after-batch-before-checkpoint")));

    CrashPoints relaunched = trigger(both, "2", marker);
    for (int batch = 1; batch <= 2; batch++) {
      relaunched.reached(CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT, "batch " + batch);
      relaunched.reached(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, "batch " + batch);
    }
    assertEquals(List.of(86, 86), halts, "the other point halts the relaunched JVM");
    assertTrue(Files.exists(Path.of(marker + ".after-sink-write-before-offsets")));

    CrashPoints again = trigger(both, "1", marker);
    again.reached(CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT, "x");
    again.reached(CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS, "x");
    assertEquals(List.of(86, 86), halts, "both crashed once: it runs on");
  }
}
