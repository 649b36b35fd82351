package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;

/** Keeps the rejects of a partition's output. */
public final class SelectRejects implements FlatMapFunction<PartitionOutput, Reject> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Reject> call(PartitionOutput out) {
    return out instanceof Reject r ? Collections.singletonList(r).iterator() : Collections.emptyIterator();
  }
}
