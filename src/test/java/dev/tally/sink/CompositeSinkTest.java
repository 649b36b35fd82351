package dev.tally.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** A database plus a console: offsets and stored state go through to the sink that keeps them. */
class CompositeSinkTest {
  @Test
  void offsetsAndStoredStateReachTheSinkThatKeepsThem() {
    KeepingSink db = new KeepingSink();
    Sink both = new CompositeSink(List.of(db, new ConsoleSink(System.out, 1)));
    List<SourceOffset> offsets = List.of(new SourceOffset("t", 0, 42, 1000));
    both.storeOffsets("g", new Time(1000), offsets);
    assertEquals(offsets, db.stored);
    assertEquals(offsets, both.storedOffsets("g"));
    assertEquals(db.totals, both.storedTotals(new MetricSchema(List.of(), 0)));
  }

  private static final class KeepingSink implements Sink {
    final List<SourceOffset> stored = new ArrayList<>();
    final List<Tuple2<String, TotalState>> totals =
        List.of(new Tuple2<>("k", new TotalState(Metric.ofCount(3), 1000, 2000, 0)));

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
      return stored;
    }

    @Override
    public List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
      return totals;
    }
  }
}
