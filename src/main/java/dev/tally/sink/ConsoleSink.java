package dev.tally.sink;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/** Prints a compact summary per batch: each window's top keys, the top changed totals, rejects. */
public final class ConsoleSink implements Sink {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final int top;

  public ConsoleSink(PrintStream out, int top) {
    this.out = out;
    this.top = top;
  }

  @Override
  public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
    TopRows<Metric> summary = TopRows.merge(
        rows.mapPartitions(new TopRows.OfPartition<>(top, new ConsoleOrder.WindowRows())).collect(),
        top, new ConsoleOrder.WindowRows());
    StringBuilder text = header(batchTime, "window " + window.id(), summary.count(), "keys", summary.best().size());
    for (Tuple2<String, Metric> row : summary.best()) {
      text.append(String.format("%n    %-28s %s", row._1(), schema.format(row._2())));
    }
    print(text);
    return summary.count();
  }

  @Override
  public long writeEventWindows(MetricSchema schema, Time batchTime, JavaRDD<EventWindowRow> rows) {
    long count = rows.count();
    if (count == 0) {
      return 0;
    }
    List<EventWindowRow> examples = rows.take(top);
    StringBuilder text = header(batchTime, "event windows", count, "rows", examples.size());
    for (EventWindowRow row : examples) {
      text.append(String.format("%n    %s..%s %-20s %s%s", Instant.ofEpochMilli(row.window().startMs()),
          Instant.ofEpochMilli(row.window().endMs()), row.window().key(), schema.format(row.metric()),
          row.isFinal() ? "  final" : ""));
    }
    print(text);
    return count;
  }

  @Override
  public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    TopRows<TotalState> summary = TopRows.merge(
        changed.mapPartitions(new TopRows.OfPartition<>(top, new ConsoleOrder.TotalRows())).collect(),
        top, new ConsoleOrder.TotalRows());
    StringBuilder text = header(batchTime, "totals", summary.count(), "keys changed", summary.best().size());
    for (Tuple2<String, TotalState> row : summary.best()) {
      text.append(String.format("%n    %-28s %s  (since %s)", row._1(), schema.format(row._2().metric()),
          CLOCK.format(Instant.ofEpochMilli(row._2().firstSeenMs()))));
    }
    print(text);
    return summary.count();
  }

  @Override
  public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
    List<Reject> examples = rejects.take(top);
    StringBuilder text = header(batchTime, "rejects", count, "lines", examples.size());
    for (Reject r : examples) {
      String raw = r.raw().length() <= 60 ? r.raw() : r.raw().substring(0, 60) + "...";
      text.append(String.format("%n    %s: %s  <%s>", r.input(), r.reason(), raw));
    }
    print(text);
    return count;
  }

  private StringBuilder header(Time batchTime, String what, long rows, String unit, int shown) {
    StringBuilder text = new StringBuilder()
        .append('[').append(CLOCK.format(Instant.ofEpochMilli(batchTime.milliseconds()))).append("] ")
        .append(what).append(": ").append(rows).append(' ').append(unit);
    if (shown > 0 && shown < rows) {
      text.append(", top ").append(shown);
    }
    return text;
  }

  private void print(StringBuilder text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
