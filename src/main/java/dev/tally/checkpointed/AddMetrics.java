package dev.tally.checkpointed;

import dev.tally.model.Metric;
import org.apache.spark.api.java.function.Function2;

/** The reduce function of the per-batch aggregation and of every window: exact addition. */
public final class AddMetrics implements Function2<Metric, Metric, Metric> {
  private static final long serialVersionUID = 1L;

  @Override
  public Metric call(Metric a, Metric b) {
    return a.plus(b);
  }
}
