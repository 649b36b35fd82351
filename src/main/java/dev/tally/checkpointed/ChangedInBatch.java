package dev.tally.checkpointed;

import dev.tally.model.TotalState;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/** Keeps the totals that changed in the batch at {@code batchTimeMs}: only those are written. */
public final class ChangedInBatch implements Function<Tuple2<String, TotalState>, Boolean> {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;

  public ChangedInBatch(long batchTimeMs) {
    this.batchTimeMs = batchTimeMs;
  }

  @Override
  public Boolean call(Tuple2<String, TotalState> keyed) {
    return keyed._2().lastSeenMs() == batchTimeMs;
  }
}
