package dev.tally.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.ops.CrashPoint.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When an armed crash point halts, with the halt recorded instead of done (TallyProcessTest sees real ones). */
class CrashPointTest {
  @TempDir Path tmp;

  private final List<Integer> halts = new ArrayList<>();

  private Trigger trigger(String name, String at, String marker) {
    return Trigger.of(name, at, marker, halts::add);
  }

  @Test
  void offByDefaultAndInThisTestJvm() {
    Trigger off = trigger(null, null, null);
    assertEquals(Optional.empty(), off.describe());
    for (CrashPoint point : CrashPoint.values()) {
      assertFalse(point.armed(), point.id());
      point.reach("anywhere"); // never halts here
    }
    assertEquals(Optional.empty(), CrashPoint.describeArmed());
  }

  @Test
  void haltsWithItsExitCodeTheNthTimeItIsReached() {
    Trigger third = trigger("mid-partition", "3", null);
    assertEquals(CrashPoint.MID_PARTITION, third.point);
    third.reached("a");
    third.reached("b");
    assertEquals(List.of(), halts);
    third.reached("c");
    assertEquals(List.of(86), halts);
    assertEquals("crash point mid-partition armed: the JVM halts with exit code 86 the 3rd time it is reached with data",
        third.describe().get());

    trigger("after-batch-before-checkpoint", null, null).reached("first");
    assertEquals(List.of(86, 86), halts, "once by default");
  }

  @Test
  void aMarkerMakesItHaltOnceAcrossRestarts() throws Exception {
    Path marker = tmp.resolve("crashed-once");
    trigger("after-sink-write-before-offsets", "1", marker.toString()).reached("batch 1");
    assertEquals(List.of(86), halts);
    assertTrue(Files.exists(marker));
    // The supervisor restarts the JVM with the same options: it runs on.
    trigger("after-sink-write-before-offsets", "1", marker.toString()).reached("batch 1 again");
    assertEquals(List.of(86), halts);
  }

  @Test
  void aMistypedDrillIsRefusedNotIgnored() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trigger("mid-partiton", null, null).describe());
    assertEquals("-Dtally.crashPoint=mid-partiton is not a crash point; use one of after-sink-write-before-offsets, "
        + "mid-partition, after-batch-before-checkpoint", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trigger("mid-partition", "0", null).describe());
    assertThrows(IllegalArgumentException.class, () -> trigger("mid-partition", "two", null).describe());
    trigger("mid-partiton", null, null).reached("x");
    assertEquals(List.of(), halts, "a refused drill never halts");
  }
}
