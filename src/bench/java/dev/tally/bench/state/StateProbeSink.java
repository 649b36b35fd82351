package dev.tally.bench.state;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.rdd.MapWithStateRDD;
import org.apache.spark.streaming.rdd.MapWithStateRDDRecord;
import scala.reflect.ClassTag$;
import org.apache.spark.streaming.Time;

/**
 * A sink for the state figure: computes the changed totals as a sink would (a count) and reaches the
 * whole state RDD behind them (TotalsOutput hands the sink {@code state.filter(changed)}, whose parent
 * is the updateStateByKey RDD; with mapWithState, the state RDD further up, whose partitions are state
 * maps), counting its keys from the cache. Driver only.
 */
public final class StateProbeSink implements Sink {
  /** What the last batch left: its time, the state RDD, its keys and the rows that changed. */
  public record Observed(long batchTimeMs, RDD<?> state, long keys, long changed) {}

  private final AtomicReference<Observed> last = new AtomicReference<>();

  @Override
  public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
    return rows.count();
  }

  @Override
  public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    long rows = changed.count();
    RDD<?> state = changed.rdd().dependencies().head().rdd();
    // mapWithState: the filtered RDD's parent holds the batch's mapped rows; the state is further up.
    for (RDD<?> r = state; r != null; r = r.dependencies().isEmpty() ? null : r.dependencies().head().rdd()) {
      if (r instanceof MapWithStateRDD<?, ?, ?, ?> mapWithState) {
        @SuppressWarnings("unchecked")
        JavaRDD<MapWithStateRDDRecord<?, ?, ?>> records = new JavaRDD<>(
            (RDD<MapWithStateRDDRecord<?, ?, ?>>) (RDD<?>) mapWithState, ClassTag$.MODULE$.apply(MapWithStateRDDRecord.class));
        long keys = records.map(new StateMapKeys()).reduce(Long::sum);
        last.set(new Observed(batchTime.milliseconds(), mapWithState, keys, rows));
        return rows;
      }
    }
    last.set(new Observed(batchTime.milliseconds(), state, state.count(), rows));
    return rows;
  }

  @Override
  public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
    return count;
  }

  public Observed last() {
    return last.get();
  }
}
