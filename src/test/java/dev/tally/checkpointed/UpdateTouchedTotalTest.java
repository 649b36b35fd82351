package dev.tally.checkpointed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.Metric;
import dev.tally.model.PackedTotal;
import dev.tally.model.TotalState;
import org.apache.spark.api.java.Optional;
import org.apache.spark.streaming.StateImpl;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;

/** The mapWithState update, with Spark's own State object as the operator hands it over. */
class UpdateTouchedTotalTest {
  private static final long T1 = 1_700_000_000_000L;

  private static StateImpl<long[]> held(long[] total) {
    StateImpl<long[]> state = new StateImpl<>();
    state.wrap(Option.apply(total));
    return state;
  }

  @Test
  void aNewKeyStartsItsTotalAtTheBatchAndWritesIt() {
    StateImpl<long[]> state = held(null);
    Optional<Tuple2<String, TotalState>> row = new UpdateTouchedTotal(0)
        .call(new Time(T1), "a", Optional.of(TotalState.ofBatch(Metric.of(2, 150, 7), T1)), state);
    assertEquals(new Tuple2<>("a", new TotalState(Metric.of(2, 150, 7), T1, T1, 0)), row.get());
    assertTrue(state.isUpdated());
    assertArrayEquals(new long[] {T1, T1, T1, 2, 150, 7}, state.get());
  }

  @Test
  void aHeldKeyAddsKeepsFirstSeenAndNeverChangesTheHeldArray() {
    long[] before = PackedTotal.of(new TotalState(Metric.of(2, 150), T1 - 5_000, T1 - 1_000, 0), T1 - 1_000);
    long[] copy = before.clone();
    StateImpl<long[]> state = held(before);
    Optional<Tuple2<String, TotalState>> row = new UpdateTouchedTotal(60_000)
        .call(new Time(T1), "a", Optional.of(TotalState.ofBatch(Metric.of(1, -50), T1)), state);
    assertEquals(new TotalState(Metric.of(3, 100), T1 - 5_000, T1, 0), row.get()._2());
    assertArrayEquals(copy, before, "Spark keeps earlier versions of the state for recomputation");
    assertNotSame(before, state.get());
    assertEquals(T1, PackedTotal.activeAtMs(state.get()));
  }

  @Test
  void aKeyIdleLongerThanTheTtlStartsAgainOneIdleExactlyTheTtlContinues() {
    long[] old = PackedTotal.of(TotalState.ofBatch(Metric.ofCount(4), T1), T1);
    TotalState now = TotalState.ofBatch(Metric.ofCount(1), T1 + 3_000);
    assertEquals(5, new UpdateTouchedTotal(3_000).call(new Time(T1 + 3_000), "k", Optional.of(now), held(old))
        .get()._2().metric().count(), "idle exactly the TTL: kept, as updateStateByKey keeps it");
    TotalState later = TotalState.ofBatch(Metric.ofCount(1), T1 + 4_000);
    assertEquals(new TotalState(Metric.ofCount(1), T1 + 4_000, T1 + 4_000, 0),
        new UpdateTouchedTotal(3_000).call(new Time(T1 + 4_000), "k", Optional.of(later), held(old)).get()._2());
    assertEquals(5, new UpdateTouchedTotal(0).call(new Time(T1 + 400_000), "k",
        Optional.of(TotalState.ofBatch(Metric.ofCount(1), T1 + 400_000)), held(old)).get()._2().metric().count(),
        "TTL 0 keeps keys forever");
  }

  @Test
  void theTtlRunsFromTheSeedsArrivalNotFromItsLastSeen() {
    // A seed last seen long ago arrives with the first batch at T1: active from T1.
    long[] seeded = PackedTotal.of(new TotalState(Metric.ofCount(9), T1 - 86_400_000, T1 - 86_000_000, 0), T1);
    Optional<Tuple2<String, TotalState>> row = new UpdateTouchedTotal(3_000).call(new Time(T1 + 2_000), "k",
        Optional.of(TotalState.ofBatch(Metric.ofCount(1), T1 + 2_000)), held(seeded));
    assertEquals(new TotalState(Metric.ofCount(10), T1 - 86_400_000, T1 + 2_000, 0), row.get()._2());
  }

  @Test
  void aKeyTimedOutBySparksSweepWritesNothing() {
    StateImpl<long[]> state = new StateImpl<>();
    state.wrapTimingOutState(PackedTotal.of(TotalState.ofBatch(Metric.ofCount(1), T1), T1));
    assertFalse(new UpdateTouchedTotal(1_000).call(new Time(T1 + 9_000), "k", Optional.empty(), state).isPresent());
    assertFalse(state.isUpdated());
  }

  @Test
  void packedTotalsOfAnotherShapeAreRefusedAndOverflowIsAnError() {
    long[] oneSum = PackedTotal.of(TotalState.ofBatch(Metric.of(1, 5), T1), T1);
    assertThrows(IllegalArgumentException.class,
        () -> PackedTotal.plus(oneSum, TotalState.ofBatch(Metric.of(1, 5, 6), T1), T1));
    long[] nearMax = PackedTotal.of(TotalState.ofBatch(Metric.of(1, Long.MAX_VALUE), T1), T1);
    assertThrows(ArithmeticException.class,
        () -> PackedTotal.plus(nearMax, TotalState.ofBatch(Metric.of(1, 1), T1), T1));
    assertEquals(TotalState.ofBatch(Metric.ofCount(3), T1), PackedTotal.unpack(
        PackedTotal.of(TotalState.ofBatch(Metric.ofCount(3), T1), T1)));
  }
}
