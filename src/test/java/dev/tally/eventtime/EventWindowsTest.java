package dev.tally.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWindowsTest {
  private static List<String> open(EventWindows windows, long time, long watermark) {
    List<String> out = new ArrayList<>();
    windows.forEachOpenWindow(time, watermark, (spec, start) -> out.add(spec.id() + "@" + start));
    return out;
  }

  @Test
  void anEventCountsInEveryWindowHoldingItAlignedToTheEpoch() {
    EventWindows w = new EventWindows(List.of(new WindowSpec(10_000, 10_000), new WindowSpec(30_000, 10_000)));
    assertEquals(List.of("10s/10s@20000", "30s/10s@0", "30s/10s@10000", "30s/10s@20000"),
        open(w, 25_000, Watermark.NONE));
    assertEquals(List.of("10s/10s@20000", "30s/10s@0", "30s/10s@10000", "30s/10s@20000"),
        open(w, 20_000, Watermark.NONE), "the start belongs to the window");
    assertEquals(List.of("10s/10s@10000", "30s/10s@-10000", "30s/10s@0", "30s/10s@10000"),
        open(w, 19_999, Watermark.NONE), "the end does not");
    assertEquals(List.of("10s/10s@-10000", "30s/10s@-30000", "30s/10s@-20000", "30s/10s@-10000"),
        open(w, -1, Watermark.NONE), "before the epoch, windows align the same way");
  }

  @Test
  void closedWindowsAreLeftOutAndAnEventOnlyInClosedOnesIsLate() {
    EventWindows w = new EventWindows(List.of(new WindowSpec(30_000, 10_000)));
    assertEquals(List.of("30s/10s@10000", "30s/10s@20000"), open(w, 25_000, 39_999));
    assertEquals(List.of("30s/10s@20000"), open(w, 25_000, 40_000), "a window ending at the watermark has closed");
    assertFalse(w.isLate(25_000, 40_000));
    assertFalse(w.isLate(25_000, 49_999));
    assertTrue(w.isLate(25_000, 50_000), "the last window holding it ends at 50 000");
    assertEquals(List.of(), open(w, 25_000, 50_000));
  }

  @Test
  void withSeveralSpecsAnEventIsLateOnlyWhenAllItsWindowsClosed() {
    EventWindows w = new EventWindows(List.of(new WindowSpec(5_000, 5_000), new WindowSpec(60_000, 60_000)));
    assertFalse(w.isLate(1_000, 30_000), "the minute is still open");
    assertEquals(List.of("1m/1m@0"), open(w, 1_000, 30_000));
    assertTrue(w.isLate(1_000, 60_000));
  }

  @Test
  void theSlideMustDivideTheLength() {
    assertThrows(IllegalArgumentException.class, () -> new EventWindows(List.of(new WindowSpec(10_000, 3_000))));
  }

  @Test
  void theWatermarkFollowsTheLargestTimeMinusTheDelayAndNeverMovesBack() {
    Watermark first = Watermark.first(10_000, 3_000);
    assertEquals(new Watermark(Watermark.NONE, 10_000, 7_000), first);
    Watermark second = first.advance(8_000, 3_000); // older events: no move back
    assertEquals(new Watermark(7_000, 10_000, 7_000), second);
    Watermark third = second.advance(Watermark.NONE, 3_000); // an empty batch
    assertEquals(new Watermark(7_000, 10_000, 7_000), third);
    assertEquals(new Watermark(7_000, 20_000, 17_000), third.advance(20_000, 3_000));
    assertEquals(new Watermark(Watermark.NONE, Watermark.NONE, Watermark.NONE), Watermark.first(Watermark.NONE, 3_000));
  }
}
