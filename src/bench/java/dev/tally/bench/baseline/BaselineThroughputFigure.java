package dev.tally.bench.baseline;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Figure 2, its single-thread comparators so far: events per second of the tuned and the idiomatic
 * {@link SingleThreadBaseline} over the same lines, at 10k and 1M keys. Tally's series on local[2]
 * joins this figure later, measured against the tuned thread in the same run.
 */
public final class BaselineThroughputFigure implements Figure {
  static final String TUNED = "one thread, Tally's parser + long[] state";
  static final String IDIOMATIC = "one thread, String.split + HashMap";
  private static final int WINDOW_BATCHES = 30; // 30 s window
  private static final int SLIDE_BATCHES = 5; // 5 s slide, over 1 s batches
  private static final long SEED = 20_240_601L;

  @Override
  public String id() {
    return "2";
  }

  @Override
  public String title() {
    return "Throughput of one plain Java thread (parse + window + totals)";
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
    }
    notes.add(String.format(Locale.ROOT, "Window %d s / slide %d s over 1 s batches, inverse reduce with zero keys "
        + "dropped; running totals with first/last seen; %d warm-up, %d repetitions, heap %s.", WINDOW_BATCHES,
        SLIDE_BATCHES, warmUps, repetitions, String.format(Locale.ROOT, "%.1f GiB",
            Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024))));
    notes.add("The issue expects about 20 M events/s for the tuned thread and about 4 M for the idiomatic one.");
    return new FigureResult(id(), title(), "distinct keys", "events per second", "events/s", FigureResult.Chart.BARS,
        TUNED, points, notes);
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
