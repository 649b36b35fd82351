package dev.tally.checkpointed;

import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import org.apache.spark.api.java.function.Function;

/** Keeps the one {@link PartitionCounts} of each partition's output. */
public final class IsPartitionCounts implements Function<PartitionOutput, Boolean> {
  private static final long serialVersionUID = 1L;

  @Override
  public Boolean call(PartitionOutput out) {
    return out instanceof PartitionCounts;
  }
}
