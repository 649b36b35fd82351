package dev.tally.sink;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/** Several sinks in order (e.g. the database, then a console summary); rows written are the first's. */
final class CompositeSink implements Sink {
  private final List<Sink> sinks;

  CompositeSink(List<Sink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
    return each(sink -> sink.writeWindow(window, schema, batchTime, rows));
  }

  @Override
  public long writeEventWindows(MetricSchema schema, Time batchTime, JavaRDD<EventWindowRow> rows) {
    return each(sink -> sink.writeEventWindows(schema, batchTime, rows));
  }

  @Override
  public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    return each(sink -> sink.writeTotals(schema, batchTime, changed));
  }

  @Override
  public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
    return each(sink -> sink.writeRejects(batchTime, rejects, count));
  }

  @Override
  public void storeOffsets(String group, Time batchTime, List<SourceOffset> offsets) {
    for (Sink sink : sinks) {
      sink.storeOffsets(group, batchTime, offsets);
    }
  }

  /** From the first sink that keeps offsets (the database). */
  @Override
  public List<SourceOffset> storedOffsets(String group) {
    for (Sink sink : sinks) {
      List<SourceOffset> stored = sink.storedOffsets(group);
      if (!stored.isEmpty()) {
        return stored;
      }
    }
    return List.of();
  }

  @Override
  public List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
    for (Sink sink : sinks) {
      List<Tuple2<String, TotalState>> stored = sink.storedTotals(schema);
      if (!stored.isEmpty()) {
        return stored;
      }
    }
    return List.of();
  }

  /** From the first sink with a pool (the database). */
  @Override
  public long[] poolFigures() {
    for (Sink sink : sinks) {
      long[] figures = sink.poolFigures();
      if (figures != null) {
        return figures;
      }
    }
    return null;
  }

  private long each(ToLongFunction<Sink> write) {
    long first = -1;
    for (Sink sink : sinks) {
      long written = write.applyAsLong(sink);
      first = first < 0 ? written : first;
    }
    return first;
  }
}
