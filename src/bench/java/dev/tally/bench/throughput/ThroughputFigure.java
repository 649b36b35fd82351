package dev.tally.bench.throughput;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.Samples;
import dev.tally.bench.streaming.CountingSink;
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
 * count; for csv at 10k keys (the targets) also the same graph without a database and the latency at
 * 70 % of the rate found; for the others the latency at the rate found.
 *
 * <p>Search: each step is a fresh streaming context at one rate (the generated input's rate is part
 * of the graph); after a warm-up, a step is judged over N batches by {@link RateStep#sustained()}
 * (and by the target's stricter {@link RateStep#withinTarget()}).
 * The rate doubles from a start rate while steps pass (halves while they fail), then bisects the
 * bracket. Latency is the batch time to the end of the batch's last output, i.e. after the sink
 * committed the batch's rows (StreamingListener output-operation end times).
 */
public final class ThroughputFigure implements Figure {
  public static final String SUSTAINED = "highest sustained rate, JdbcSink into PostgreSQL";
  public static final String NO_DATABASE = "highest sustained rate, same graph, counting sink (no database)";

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
      notes.add("Sustained (the issue's definition of figure 1): every judged batch processed in less than the 1 s "
          + "interval and a least-squares slope of the scheduling delay <= 10 ms per batch; the issue's throughput "
          + "target asks more, processing p99 <= 0.8 s (nearest rank: over 60 batches that is the slowest one). A "
          + "step stops early once the scheduling delay passes 5 batches, or at its first judged batch of 1 s or "
          + "more. The rate doubles while steps pass (without bound), halves while they fail, then bisects.");
      // start rate (lines/s) and step budget for halving and bisecting (doubling is unbounded). A full step
      // lasts up to 95 batches, so the start rates sit a doubling or two above what this graph sustained on 2
      // cores; a faster build only climbs from there.
      // The first workload also gets the no-database comparator and the latency at 70 % (the targets).
      Object[][] plan = {
          {Workload.csv(10_000), quick ? 4_000L : 16_000L, quick ? 2 : 6},
          {Workload.csv(1_000_000), quick ? 2_000L : 8_000L, quick ? 1 : 4},
          {Workload.text(10_000), quick ? 4_000L : 2_000L, quick ? 1 : 4},
      };
      int x = 0;
      for (Object[] p : plan) {
        Workload w = (Workload) p[0];
        boolean first = x == 0;
        x++;
        JdbcSink sink = new JdbcSink(db.settings(w.tablePrefix()));
        sink.prepare(MetricSchema.of(w.parser()));
        RateSearch.Result r = new RateSearch(context, w, sink, warmUp, judged, (Integer) p[2]).run((Long) p[1]);
        points.add(point(SUSTAINED, x, w.label(), r));
        notes.add(describe(w.label() + ", PostgreSQL", r));
        // The comparator: the same graph and search with a sink that computes its rows and stores none.
        if (first) {
          RateSearch.Result free = new RateSearch(context, w, new CountingSink(), warmUp, judged, (Integer) p[2])
              .run((Long) p[1]);
          points.add(point(NO_DATABASE, x, w.label(), free));
          notes.add(describe(w.label() + ", no database", free));
          notes.add(limit(w, r, free));
        }
        if (r.best() != null && !first) {
          notes.add(String.format(Locale.ROOT, "%s at its sustained maximum (%,d events/s): batch time -> rows "
              + "committed p50 %.0f ms, p99 %.0f ms.", w.label(), r.best().eventsPerSecond(), r.best().latencyP(50),
              r.best().latencyP(99)));
        }
        if (r.best() != null && first) {
          long rate = Math.max(1, Math.round(0.7 * r.best().linesPerSecond()));
          RateStep at70 = TallyJob.run(context, w, rate, true, sink, warmUp, judged);
          notes.add(String.format(Locale.ROOT, "%s at 70%% of the sustained maximum (%,d events/s): batch time -> "
              + "rows committed p50 %.0f ms, p99 %.0f ms; event creation -> rows committed p99 <= %.0f ms (a "
              + "generated event belongs to the interval before its batch time, so add one batch); %s.", w.label(),
              at70.eventsPerSecond(), at70.latencyP(50), at70.latencyP(99), at70.latencyP(99) + Workload.BATCH_MS,
              at70.describe()));
          notes.add(String.format(Locale.ROOT, "Target p99 event -> committed row <= 2 s at 70%%: %s (%.0f ms).",
              at70.latencyP(99) + Workload.BATCH_MS <= 2000 && at70.abortReason() == null ? "met" : "NOT met",
              at70.latencyP(99) + Workload.BATCH_MS));
        } else if (first) {
          notes.add("Target p99 event -> committed row <= 2 s at 70% of the maximum: not measured, no rate was "
              + "sustained.");
        }
        if (first) {
          double best = r.bestWithinTarget().map(RateStep::eventsPerSecond).orElse(0L);
          notes.add(String.format(Locale.ROOT, "Target csv 10k keys >= 2,000,000 events/s with processing p99 <= "
              + "0.8 s: %s (%s).", best >= 2_000_000 ? "met" : "NOT met", best > 0
                  ? String.format(Locale.ROOT, "%,.0f events/s, the fastest step within that p99", best)
                  : "no step tried met that p99"));
        }
      }
      notes.add("Rows the sink gets: each batch upserts one total row per key that changed and, every 5 s, one "
          + "window row per key in the window (figure 5 measures that writer's rows/s); at 1M keys nearly every event "
          + "changes a different key, so rows approach events.");
    }
    return new FigureResult(id(), title(), "workload", "events per second", "events/s", FigureResult.Chart.BARS,
        NO_DATABASE, points, notes);
  }

  /** The highest sustained rate; 0 when no step was sustained (the notes give the lowest rate tried). */
  private static Point point(String series, double x, String label, RateSearch.Result r) {
    double y = r.best() == null ? 0 : r.best().eventsPerSecond();
    return Point.of(series, x, label, new Samples(new double[] {y}));
  }

  /** What limits the rate, from this run's steps: the database, or the graph's cost per batch. */
  private static String limit(Workload w, RateSearch.Result withDatabase, RateSearch.Result without) {
    double db = withDatabase.best() == null ? 0 : withDatabase.best().eventsPerSecond();
    double free = without.best() == null ? 0 : without.best().eventsPerSecond();
    RateStep lowest = without.steps().stream()
        .min(java.util.Comparator.comparingLong(RateStep::linesPerSecond)).orElseThrow();
    String floor = lowest.judged().isEmpty() ? "" : String.format(Locale.ROOT, "; without database at its lowest "
        + "rate tried (%,d events/s) a batch took p50 %.0f ms, p99 %.0f ms", lowest.eventsPerSecond(),
        lowest.processingP50(), lowest.processingP99());
    if (free > 1.5 * db) {
      return String.format(Locale.ROOT, "%s: the database limits the rate (%,.0f events/s with it, %,.0f without)%s.",
          w.label(), db, free, floor);
    }
    return String.format(Locale.ROOT, "%s: not the database (%,.0f events/s with it, %,.0f without): the graph's own "
        + "cost per batch limits it (several Spark jobs a batch, the per-batch aggregate checkpointed each batch, "
        + "state every 10 s, window slides every 5 s; the p99 falls on those batches), on this machine%s.",
        w.label(), db, free, floor);
  }

  private static String describe(String what, RateSearch.Result r) {
    StringBuilder steps = new StringBuilder(what + ": ");
    for (RateStep s : r.steps()) {
      steps.append(s.describe()).append("; ");
    }
    String text = steps.toString().replaceAll("; $", ".");
    if (r.best() == null) {
      return text + " No step was sustained, down to the lowest rate tried.";
    }
    return r.lowestFailed() == null ? text + String.format(Locale.ROOT, " No step failed: the highest sustained rate "
        + "is at least %,d events/s (the search's bound).", r.best().eventsPerSecond()) : text;
  }
}
