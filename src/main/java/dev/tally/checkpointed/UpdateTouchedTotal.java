package dev.tally.checkpointed;

import dev.tally.model.PackedTotal;
import dev.tally.model.TotalState;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function4;
import org.apache.spark.streaming.State;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/**
 * The {@code mapWithState} form of {@link UpdateTotals}: called for each key a batch touches (never for
 * the others), it adds the batch's contribution to the key's total and returns the new total, which is
 * the row to write.
 *
 * <p>Eviction gives the same rows as {@link UpdateTotals}: a total whose key received nothing for more
 * than {@code ttlMs} is dropped here when the key comes back (the key starts again), whether or not
 * Spark's timeout sweep, which runs only at state checkpoints, has already removed it. The sweep only
 * frees the memory; a key it times out returns nothing.
 */
public final class UpdateTouchedTotal
    implements Function4<Time, String, Optional<TotalState>, State<long[]>, Optional<Tuple2<String, TotalState>>> {
  private static final long serialVersionUID = 1L;

  private final long ttlMs;

  /** @param ttlMs a key idle for longer is evicted (0 keeps keys forever) */
  public UpdateTouchedTotal(long ttlMs) {
    if (ttlMs < 0) {
      throw new IllegalArgumentException("ttlMs must be >= 0");
    }
    this.ttlMs = ttlMs;
  }

  @Override
  public Optional<Tuple2<String, TotalState>> call(Time time, String key, Optional<TotalState> contribution,
      State<long[]> state) {
    if (state.isTimingOut() || !contribution.isPresent()) {
      return Optional.empty(); // evicted by the sweep: nothing changed, nothing to write
    }
    long batchMs = time.milliseconds();
    long[] total;
    if (state.exists() && !expired(state.get(), batchMs)) {
      total = PackedTotal.plus(state.get(), contribution.get(), batchMs);
    } else {
      total = PackedTotal.of(contribution.get(), batchMs);
    }
    state.update(total);
    return Optional.of(new Tuple2<>(key, PackedTotal.unpack(total)));
  }

  private boolean expired(long[] held, long batchMs) {
    return ttlMs > 0 && batchMs - PackedTotal.activeAtMs(held) > ttlMs;
  }
}
