package dev.tally.bench.throughput;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.Samples;
import dev.tally.bench.streaming.EmbeddedDatabase;
import dev.tally.bench.streaming.Workload;
import dev.tally.model.MetricSchema;
import dev.tally.sink.jdbc.JdbcSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 1: the maximum sustainable input rate of Tally's real graph (generated input → parse →
 * per-batch reduce → 30 s / 5 s inverse window + running totals → {@link JdbcSink} into a real
 * PostgreSQL) on local[2] with 1 s batches, for csv events over 10k and 1M keys and the text word
 * count; then the latency at 70 % of the rate found.
 *
 * <p>Search: each step is a fresh streaming context at one rate (the generated input's rate is part
 * of the graph); after a warm-up, a step is judged over N batches by {@link RateStep#sustained()}.
 * The rate doubles from a start rate while steps pass (halves while they fail), then bisects the
 * bracket. Latency is the batch time to the end of the batch's last output, i.e. after the sink
 * committed the batch's rows (StreamingListener output-operation end times).
 */
public final class ThroughputFigure implements Figure {
  static final String SUSTAINED = "highest sustained rate";
  static final String FAILED = "lowest rate not sustained";

  @Override
  public String id() {
    return "1";
  }

  @Override
  public String title() {
    return "Maximum sustainable throughput of the full pipeline into PostgreSQL, and its latency";
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int warmUp = quick ? 2 : 35; // full: the 30 s window is full and subtracting before judging
    int judged = quick ? 10 : 60;
    List<Point> points = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (EmbeddedDatabase db = new EmbeddedDatabase()) {
      notes.add(String.format(Locale.ROOT, "Each step: Tally's graph (TallyGraph.build) with --generate at one rate, "
          + "window 30s/5s, running totals (TTL 24h), %d partitions, checkpoints every 10 s, JdbcSink into PostgreSQL "
          + "%s (embedded, synchronous_commit=on), on %s with 1 s batches; %d warm-up batches, judged over %d batches%s.",
          Workload.PARTITIONS, db.serverVersion(), BenchContext.MASTER, warmUp, judged,
          quick ? " (QUICK mode: 10 batches, the window not yet full when judging; few steps, no bisection "
              + "beyond the step budget)" : ""));
      notes.add("Sustained: processing p99 <= 0.8 x batch and least-squares slope of the scheduling delay <= 10 ms "
          + "per batch over the judged batches; a step is stopped early once the scheduling delay passes 5 batches.");
      // start rate (lines/s) and step budget per workload
      Object[][] plan = {
          {Workload.csv(10_000), quick ? 20_000L : 250_000L, quick ? 3 : 9, true},
          {Workload.csv(1_000_000), quick ? 5_000L : 25_000L, quick ? 2 : 8, false},
          {Workload.text(10_000), quick ? 10_000L : 100_000L, quick ? 2 : 8, false},
      };
      int x = 0;
      for (Object[] p : plan) {
        Workload w = (Workload) p[0];
        boolean latency = (Boolean) p[3] || !quick;
        JdbcSink sink = new JdbcSink(db.settings(w.tablePrefix()));
        sink.prepare(MetricSchema.of(w.parser()));
        RateSearch search = new RateSearch(context, w, sink, warmUp, judged, (Integer) p[2]);
        RateSearch.Result r = search.run((Long) p[1]);
        x++;
        if (r.best() != null) {
          points.add(point(SUSTAINED, x, w.label(), r.best().eventsPerSecond()));
        }
        if (r.lowestFailed() != null) {
          points.add(point(FAILED, x, w.label(), r.lowestFailed().eventsPerSecond()));
        }
        StringBuilder steps = new StringBuilder(w.label() + " steps: ");
        for (RateStep s : r.steps()) {
          steps.append(s.describe()).append("; ");
        }
        notes.add(steps.toString().replaceAll("; $", "."));
        if (r.best() == null) {
          notes.add(w.label() + ": no step was sustained, down to the lowest rate tried.");
        } else if (latency) {
          long rate = Math.max(1, Math.round(0.7 * r.best().linesPerSecond()));
          RateStep at70 = TallyJob.run(context, w, rate, true, sink, warmUp, judged);
          notes.add(String.format(Locale.ROOT, "%s at 70%% of the sustained maximum (%,d events/s): batch time -> "
              + "rows committed p50 %.0f ms, p99 %.0f ms; event creation -> rows committed p99 <= %.0f ms (a "
              + "generated event belongs to the interval before its batch time, so add one batch); %s.", w.label(),
              at70.eventsPerSecond(), at70.latencyP(50), at70.latencyP(99), at70.latencyP(99) + Workload.BATCH_MS,
              at70.describe()));
          if (w.keys() == 10_000 && !w.text()) {
            notes.add(String.format(Locale.ROOT, "Target p99 event -> committed row <= 2 s at 70%%: %s (%.0f ms).",
                at70.latencyP(99) + Workload.BATCH_MS <= 2000 && at70.abortReason() == null ? "met" : "NOT met",
                at70.latencyP(99) + Workload.BATCH_MS));
          }
        }
        if (w.keys() == 10_000 && !w.text()) {
          double best = r.best() == null ? 0 : r.best().eventsPerSecond();
          notes.add(String.format(Locale.ROOT, "Target csv 10k keys >= 2,000,000 events/s sustained: %s (%,.0f "
              + "events/s%s).", best >= 2_000_000 ? "met" : "NOT met", best,
              r.lowestFailed() == null ? ", no failing rate reached" : ""));
        }
        if (w.keys() >= 1_000_000) {
          notes.add("At 1M keys almost every event touches a different key, so each batch upserts about as many "
              + "total rows as it has events (figure 5 measures that writer's rows/s): the sink bounds this rate.");
        }
      }
    }
    return new FigureResult(id(), title(), "workload", "events per second", "events/s", FigureResult.Chart.BARS,
        FAILED, points, notes);
  }

  private static Point point(String series, double x, String label, double y) {
    return Point.of(series, x, label, new Samples(new double[] {y}));
  }
}
