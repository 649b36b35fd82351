package dev.tally.bench.baseline;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.Samples;
import dev.tally.bench.throughput.ThroughputFigure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Figure 2: events per second of the tuned and the idiomatic {@link SingleThreadBaseline} over the
 * same lines, at 10k and 1M keys, and beside them Tally's events per second per core: figure 1's
 * highest sustained rate of this run divided by the cores of local[2] (absent when figure 1 did not
 * run before it).
 */
public final class BaselineThroughputFigure implements Figure {
  static final String TUNED = "one thread, Tally's parser + long[] state";
  static final String IDIOMATIC = "one thread, String.split + HashMap";
  static final String TALLY_NO_DATABASE = "Tally per core: figure 1, counting sink, / " + BenchContext.CORES + " cores";
  static final String TALLY_DATABASE = "Tally per core: figure 1, into PostgreSQL, / " + BenchContext.CORES + " cores";
  private static final int WINDOW_BATCHES = 30; // 30 s window
  private static final int SLIDE_BATCHES = 5; // 5 s slide, over 1 s batches
  private static final long SEED = 20_240_601L;

  @Override
  public String id() {
    return "2";
  }

  @Override
  public String title() {
    return "Throughput of one plain Java thread (parse + window + totals), and Tally's per core";
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int linesPerBatch = quick ? 20_000 : 100_000;
    int batches = quick ? 40 : 45; // 45: the window fills at 30, then three slides subtract
    int distinctBatches = quick ? 4 : 8; // replayed in turn: generating lines is not the work measured
    int warmUps = 1;
    int repetitions = quick ? 2 : 3;

    List<Point> points = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int keys : new int[] {10_000, 1_000_000}) {
      CsvLines source = new CsvLines(keys, linesPerBatch, SEED);
      List<List<String>> prepared = new ArrayList<>();
      for (int i = 0; i < distinctBatches; i++) {
        prepared.add(source.batch(i));
      }
      IntFunction<List<String>> replay = b -> prepared.get(b % distinctBatches);
      String label = keys >= 1_000_000 ? keys / 1_000_000 + "M keys" : keys / 1_000 + "k keys";
      List<SingleThreadBaseline.Result> results = new ArrayList<>();
      Samples tuned = Samples.measure(warmUps, repetitions,
          () -> measured(results, () -> SingleThreadBaseline.tuned(WINDOW_BATCHES, SLIDE_BATCHES), replay, batches));
      Samples idiomatic = Samples.measure(warmUps, repetitions,
          () -> measured(results, () -> SingleThreadBaseline.idiomatic(WINDOW_BATCHES, SLIDE_BATCHES), replay, batches));
      checkSameOutcome(results, label);
      points.add(Point.of(TUNED, keys, label, tuned));
      points.add(Point.of(IDIOMATIC, keys, label, idiomatic));
      SingleThreadBaseline.Result r = results.get(0);
      notes.add(String.format(Locale.ROOT, "%s: %s; %d batches of 1 s (%d distinct, replayed), %,d events per run; "
          + "final window %,d keys, totals %,d keys; both variants agree.", label, source.describe(), batches,
          distinctBatches, r.events(), r.windowKeys(), r.totalKeys()));
      tallyPerCore(context, label, keys, tuned.median(), idiomatic.median(), points, notes);
    }
    notes.add(String.format(Locale.ROOT, "Window %d s / slide %d s over 1 s batches, inverse reduce with zero keys "
        + "dropped; running totals with first/last seen; %d warm-up, %d repetitions, heap %s.", WINDOW_BATCHES,
        SLIDE_BATCHES, warmUps, repetitions, String.format(Locale.ROOT, "%.1f GiB",
            Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024))));
    notes.add("The issue expects about 20 M events/s for the tuned thread and about 4 M for the idiomatic one.");
    return new FigureResult(id(), title(), "distinct keys", "events per second", "events/s", FigureResult.Chart.BARS,
        TUNED, points, notes);
  }

  /**
   * Tally's series: the same computation (parse, window, totals) in its real graph, from figure 1 of
   * this run: its counting-sink search (10k keys) is this figure's computation; where figure 1 has
   * only the search into PostgreSQL (1M keys), that one, as a series of its own.
   */
  private static void tallyPerCore(BenchContext context, String label, int keys, double tuned, double idiomatic,
      List<Point> points, List<String> notes) {
    Optional<FigureResult> throughput = context.finished("1");
    if (throughput.isEmpty()) {
      notes.add(label + ": no Tally series: figure 1 did not finish before this figure in this run.");
      return;
    }
    String workload = "csv, " + label;
    Optional<Point> rate = rateOf(throughput.get(), workload, ThroughputFigure.NO_DATABASE)
        .or(() -> rateOf(throughput.get(), workload, ThroughputFigure.SUSTAINED));
    if (rate.isEmpty()) {
      notes.add(label + ": no Tally series: figure 1 of this run sustained no rate for " + workload + ".");
      return;
    }
    Point p = rate.get();
    boolean database = p.series().equals(ThroughputFigure.SUSTAINED);
    int cores = BenchContext.CORES;
    points.add(new Point(database ? TALLY_DATABASE : TALLY_NO_DATABASE, keys, label, p.y() / cores, p.low() / cores,
        p.high() / cores, p.repetitions()));
    notes.add(String.format(Locale.ROOT, "%s: Tally %,.0f events/s per core (figure 1: %,.0f events/s sustained on "
        + "%s, %s) = %.2f %% of the tuned thread, %.2f %% of the idiomatic one.", label, p.y() / cores, p.y(),
        BenchContext.MASTER, database ? "into PostgreSQL" : "counting sink, no database", 100 * p.y() / cores / tuned,
        100 * p.y() / cores / idiomatic));
  }

  private static Optional<Point> rateOf(FigureResult throughput, String workload, String series) {
    return throughput.points().stream()
        .filter(p -> p.xLabel().equals(workload) && p.series().equals(series) && p.y() > 0).findFirst();
  }

  private interface Factory {
    SingleThreadBaseline<?> create();
  }

  private static double measured(List<SingleThreadBaseline.Result> results, Factory factory,
      IntFunction<List<String>> batches, int count) {
    System.gc(); // the previous run's state is garbage; collect it outside the timing
    SingleThreadBaseline.Result result = factory.create().run(batches, count);
    results.add(result);
    return result.eventsPerSecond();
  }

  /** A faster variant that computes something else is no baseline: every run must end in the same state. */
  private static void checkSameOutcome(List<SingleThreadBaseline.Result> results, String label) {
    SingleThreadBaseline.Result first = results.get(0);
    for (SingleThreadBaseline.Result r : results) {
      if (r.events() != first.events() || r.rejects() != first.rejects() || r.windowKeys() != first.windowKeys()
          || r.totalKeys() != first.totalKeys() || r.checksum() != first.checksum()) {
        throw new IllegalStateException("baseline variants disagree at " + label + ": " + first + " vs " + r);
      }
    }
  }
}
