package dev.tally.checkpointed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class UpdateTotalsTest {
  private static final long T1 = 1_700_000_000_000L;
  private static final long T2 = T1 + 2_000;
  private static final long T3 = T1 + 4_000;

  @Test
  void firstBatchCreatesStateSeenFirstAndLastAtTheBatchTime() {
    Optional<TotalState> state =
        new UpdateTotals(3).call(List.of(TotalState.ofBatch(Metric.of(2, 150), T1)), Optional.empty());
    assertEquals(new TotalState(Metric.of(2, 150), T1, T1, 0), state.get());
  }

  @Test
  void laterBatchAddsKeepsFirstSeenAndResetsIdle() {
    TotalState previous = new TotalState(Metric.of(2, 150), T1, T1, 2);
    Optional<TotalState> state =
        new UpdateTotals(3).call(List.of(TotalState.ofBatch(Metric.of(1, -50), T3)), Optional.of(previous));
    assertEquals(new TotalState(Metric.of(3, 100), T1, T3, 0), state.get());
  }

  @Test
  void severalContributionsInOneBatchAreAllAdded() {
    Optional<TotalState> state = new UpdateTotals(0).call(
        List.of(TotalState.ofBatch(Metric.of(1, 10), T2), TotalState.ofBatch(Metric.of(4, 5), T2)),
        Optional.of(TotalState.ofBatch(Metric.of(1, 1), T1)));
    assertEquals(new TotalState(Metric.of(6, 16), T1, T2, 0), state.get());
  }

  @Test
  void emptyBatchCountsOneMoreIdleBatchAndKeepsTheTotal() {
    TotalState previous = new TotalState(Metric.of(2, 150), T1, T2, 0);
    Optional<TotalState> state = new UpdateTotals(3).call(List.of(), Optional.of(previous));
    assertEquals(new TotalState(Metric.of(2, 150), T1, T2, 1), state.get());
  }

  @Test
  void evictsExactlyAfterTtlIdleBatches() {
    UpdateTotals update = new UpdateTotals(3);
    Optional<TotalState> state = Optional.of(TotalState.ofBatch(Metric.ofCount(1), T1));
    for (int idle = 1; idle <= 2; idle++) {
      state = update.call(List.of(), state);
      assertTrue(state.isPresent(), "kept after " + idle + " idle batches");
      assertEquals(idle, state.get().idleBatches());
    }
    state = update.call(List.of(), state);
    assertFalse(state.isPresent(), "evicted after 3 idle batches");
  }

  @Test
  void ttlOfOneEvictsAtTheFirstIdleBatch() {
    Optional<TotalState> state =
        new UpdateTotals(1).call(List.of(), Optional.of(TotalState.ofBatch(Metric.ofCount(1), T1)));
    assertFalse(state.isPresent());
  }

  @Test
  void activityResetsTheIdleCountdown() {
    UpdateTotals update = new UpdateTotals(2);
    Optional<TotalState> state = Optional.of(TotalState.ofBatch(Metric.ofCount(1), T1));
    state = update.call(List.of(), state);
    state = update.call(List.of(TotalState.ofBatch(Metric.ofCount(1), T3)), state);
    state = update.call(List.of(), state);
    assertEquals(new TotalState(Metric.ofCount(2), T1, T3, 1), state.get());
  }

  @Test
  void ttlZeroNeverEvicts() {
    UpdateTotals update = new UpdateTotals(0);
    Optional<TotalState> state = Optional.of(TotalState.ofBatch(Metric.ofCount(5), T1));
    for (int i = 0; i < 10_000; i++) {
      state = update.call(List.of(), state);
    }
    assertEquals(new TotalState(Metric.ofCount(5), T1, T1, 10_000), state.get());
  }

  @Test
  void noPreviousAndNoValuesStaysEmpty() {
    assertFalse(new UpdateTotals(3).call(List.of(), Optional.empty()).isPresent());
    assertFalse(new UpdateTotals(0).call(List.of(), Optional.empty()).isPresent());
  }

  @Test
  void negativeTtlIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new UpdateTotals(-1));
  }

  @Test
  void nonZeroMetricDropsKeysThatReturnedToZero() {
    NonZeroMetric filter = new NonZeroMetric();
    assertTrue(filter.call(new Tuple2<>("a", Metric.of(1, 0))));
    assertTrue(filter.call(new Tuple2<>("a", Metric.of(0, 5))));
    assertFalse(filter.call(new Tuple2<>("a", Metric.of(0, 0))));
    assertFalse(filter.call(new Tuple2<>("a", Metric.ofCount(0))));
  }

  @Test
  void addMetricsAdds() {
    assertEquals(Metric.of(3, 250, -1), new AddMetrics().call(Metric.of(1, 100, 1), Metric.of(2, 150, -2)));
  }

  @Test
  void subtractMetricsRemovesTheLeavingSlice() {
    assertEquals(Metric.of(1, -50, 3), new SubtractMetrics().call(Metric.of(3, 100, 1), Metric.of(2, 150, -2)));
  }

  @Test
  void changedInBatchKeepsOnlyTotalsSeenAtThatBatch() {
    ChangedInBatch changed = new ChangedInBatch(T2);
    assertTrue(changed.call(new Tuple2<>("a", new TotalState(Metric.ofCount(1), T1, T2, 0))));
    assertFalse(changed.call(new Tuple2<>("b", new TotalState(Metric.ofCount(1), T1, T1, 1))));
    assertFalse(changed.call(new Tuple2<>("c", new TotalState(Metric.ofCount(1), T3, T3, 0))));
  }

  @Test
  void totalOfBatchStampsTheBatchTime() {
    assertEquals(new TotalState(Metric.of(2, 7), T3, T3, 0), new TotalOfBatch(T3).call(Metric.of(2, 7)));
  }
}
