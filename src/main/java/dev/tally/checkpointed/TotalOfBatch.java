package dev.tally.checkpointed;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import org.apache.spark.api.java.function.Function;

/** A key's metric of one batch as a running-total contribution seen at that batch's time. */
public final class TotalOfBatch implements Function<Metric, TotalState> {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;

  public TotalOfBatch(long batchTimeMs) {
    this.batchTimeMs = batchTimeMs;
  }

  @Override
  public TotalState call(Metric metric) {
    return TotalState.ofBatch(metric, batchTimeMs);
  }
}
