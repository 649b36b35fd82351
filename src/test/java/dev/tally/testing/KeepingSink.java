package dev.tally.testing;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/**
 * A sink that writes no rows but keeps what it is asked to store: the offsets stored into it (for
 * any group), and running totals as an earlier run would have stored them.
 */
public final class KeepingSink implements Sink {
  private final List<SourceOffset> stored = new ArrayList<>();
  private final List<Tuple2<String, TotalState>> totals;

  /** With one stored total: key {@code k}, 3 events, last seen at 2000 ms. */
  public KeepingSink() {
    this.totals = List.of(new Tuple2<>("k", new TotalState(Metric.ofCount(3), 1000, 2000, 0)));
  }

  public List<SourceOffset> stored() {
    return List.copyOf(stored);
  }

  public List<Tuple2<String, TotalState>> totals() {
    return totals;
  }

  @Override
  public long writeWindow(WindowSpec w, MetricSchema s, Time t, JavaPairRDD<String, Metric> rows) {
    return 0;
  }

  @Override
  public long writeTotals(MetricSchema s, Time t, JavaPairRDD<String, TotalState> changed) {
    return 0;
  }

  @Override
  public long writeRejects(Time t, JavaRDD<Reject> rejects, long count) {
    return 0;
  }

  @Override
  public void storeOffsets(String group, Time batchTime, List<SourceOffset> offsets) {
    stored.addAll(offsets);
  }

  @Override
  public List<SourceOffset> storedOffsets(String group) {
    return stored();
  }

  @Override
  public List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
    return totals;
  }
}
