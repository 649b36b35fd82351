package dev.tally.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventWindowStoreTest {
  private static final EventWindowKey EARLY = new EventWindowKey(10_000, 10_000, 0, "a");
  private static final EventWindowKey LATER = new EventWindowKey(10_000, 10_000, 10_000, "a");
  private static final EventWindowKey LATER_B = new EventWindowKey(10_000, 10_000, 10_000, "b");

  private static Set<EventWindowRow> rows(EventWindowStore store) {
    return new HashSet<>(store.rows());
  }

  @Test
  void aBatchWritesWhatItChangedAndFinalWhatItClosed() {
    EventWindowStore first = EventWindowStore.empty().update()
        .add(EARLY, Metric.ofCount(1)).add(LATER, Metric.ofCount(2)).add(EARLY, Metric.ofCount(4))
        .close(Watermark.NONE);
    assertEquals(Set.of(new EventWindowRow(EARLY, Metric.ofCount(5), false), new EventWindowRow(LATER, Metric.ofCount(2), false)),
        rows(first));
    EventWindowStore second = first.update().add(LATER_B, Metric.ofCount(8)).close(10_000);
    assertEquals(Set.of(new EventWindowRow(LATER_B, Metric.ofCount(8), false),
        new EventWindowRow(EARLY, Metric.ofCount(5), true)), rows(second), "untouched LATER is not written again");
    assertEquals(2, second.size(), "EARLY is dropped once final");
    EventWindowStore third = second.update().add(LATER, Metric.ofCount(16)).close(20_000);
    assertEquals(Set.of(new EventWindowRow(LATER, Metric.ofCount(18), true), new EventWindowRow(LATER_B, Metric.ofCount(8), true)),
        rows(third), "changed and closed in one batch: one row, final");
    assertEquals(0, third.size());
  }

  @Test
  void aLaterBatchNeverChangesAnEarlierStore() {
    EventWindowStore first = EventWindowStore.empty().update().add(LATER, Metric.ofCount(1)).close(Watermark.NONE);
    EventWindowStore second = first.update().add(LATER, Metric.ofCount(2)).close(Watermark.NONE);
    // Computed again from the first store, as a retried task or a recovery would: the same result.
    EventWindowStore secondAgain = first.update().add(LATER, Metric.ofCount(2)).close(Watermark.NONE);
    assertEquals(rows(second), rows(secondAgain));
    assertEquals(List.of(new EventWindowRow(LATER, Metric.ofCount(1), true)), first.update().close(20_000).rows());
    assertEquals(List.of(new EventWindowRow(LATER, Metric.ofCount(3), true)), second.update().close(20_000).rows());
  }

  @Test
  void refusesAWatermarkThatMovesBackAndEventsForAClosedWindow() {
    EventWindowStore closed = EventWindowStore.empty().update().add(EARLY, Metric.ofCount(1)).close(10_000);
    assertThrows(IllegalStateException.class, () -> closed.update().close(9_999));
    assertThrows(IllegalStateException.class, () -> closed.update().add(EARLY, Metric.ofCount(1)));
  }
}
