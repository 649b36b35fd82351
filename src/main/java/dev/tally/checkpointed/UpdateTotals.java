package dev.tally.checkpointed;

import dev.tally.model.TotalState;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function2;

/**
 * The state update of the running totals, called once per key and batch: adds the batch's
 * contribution, or counts one more idle batch and evicts the key once it has been idle for
 * {@code ttlBatches} batches (0 keeps keys forever). Idle time is counted in batches because the
 * Java API gives this function no clock; recovery re-runs missed batches, so the count stays true.
 */
public final class UpdateTotals implements Function2<List<TotalState>, Optional<TotalState>, Optional<TotalState>> {
  private static final long serialVersionUID = 1L;

  private final int ttlBatches;

  public UpdateTotals(int ttlBatches) {
    if (ttlBatches < 0) {
      throw new IllegalArgumentException("ttlBatches must be >= 0");
    }
    this.ttlBatches = ttlBatches;
  }

  @Override
  public Optional<TotalState> call(List<TotalState> batch, Optional<TotalState> previous) {
    if (batch.isEmpty()) {
      if (!previous.isPresent()) {
        return Optional.empty();
      }
      TotalState idle = previous.get().idleOneMoreBatch();
      return ttlBatches > 0 && idle.idleBatches() >= ttlBatches ? Optional.empty() : Optional.of(idle);
    }
    TotalState total = previous.isPresent() ? previous.get() : null;
    for (TotalState contribution : batch) {
      total = total == null ? contribution : total.plus(contribution);
    }
    return Optional.of(total);
  }
}
