package dev.tally.checkpointed;

import dev.tally.model.Metric;
import org.apache.spark.api.java.function.Function2;

/**
 * The inverse reduce function of the sliding windows: removes the slice that left the window.
 * Exact, so a key whose events have all left returns to exactly zero.
 */
public final class SubtractMetrics implements Function2<Metric, Metric, Metric> {
  private static final long serialVersionUID = 1L;

  @Override
  public Metric call(Metric windowSoFar, Metric leaving) {
    return windowSoFar.minus(leaving);
  }
}
