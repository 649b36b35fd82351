package dev.tally.checkpointed;

import dev.tally.model.Metric;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * The filter of the inverse windows: drops keys whose window value returned to zero, which the
 * inverse form would otherwise keep (and carry) forever.
 */
public final class NonZeroMetric implements Function<Tuple2<String, Metric>, Boolean> {
  private static final long serialVersionUID = 1L;

  @Override
  public Boolean call(Tuple2<String, Metric> keyed) {
    return !keyed._2().isZero();
  }
}
