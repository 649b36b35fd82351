package dev.tally.bench.window;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.Samples;
import dev.tally.bench.streaming.BatchTimes;
import dev.tally.bench.streaming.StreamingRun;
import dev.tally.bench.streaming.Workload;
import dev.tally.bench.structured.StructuredQueries;
import dev.tally.checkpointed.SelectMetrics;
import dev.tally.checkpointed.SumPartialsByKey;
import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.graph.TallyGraph;
import dev.tally.model.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaPairDStream;

/**
 * Figure 4: the cost of one batch of a full sliding window against the number of slides it holds,
 * for the two forms {@link TallyGraph#slidingWindow} builds: the inverse {@code reduceByKeyAndWindow} with
 * the zero filter, and the plain one ({@code window()} then {@link SumPartialsByKey}: re-sums every slice
 * of the window at each slide, in place); Tally picks the plain one up to
 * {@link GraphSettings#DEFAULT_PLAIN_WINDOW_SLICES} slices, from this figure's crossover. And
 * Structured Streaming's sliding {@code window()} aggregation (each event lands in every window
 * that covers it).
 *
 * <p>Each pipeline reads the same generated csv lines, parses and reduces them per batch with Tally's
 * functions, and slides once a batch (a slice is one batch: the shape of Tally's 24h/5m window, whose
 * 5 min slices are pre-summed, is 288 slices). DStreams run on a manual clock, batches back to back;
 * SS runs micro-batches back to back with event time advancing 1 s a batch. Measured: processing
 * time per batch once the window is full.
 */
public final class WindowCostFigure implements Figure {
  static final String INVERSE = "inverse reduceByKeyAndWindow (Tally above "
      + GraphSettings.DEFAULT_PLAIN_WINDOW_SLICES + " slices)";
  static final String PLAIN = "plain window, re-summed (Tally up to " + GraphSettings.DEFAULT_PLAIN_WINDOW_SLICES
      + " slices)";
  static final String SS = "Structured Streaming sliding window";

  @Override
  public String id() {
    return "4";
  }

  @Override
  public String title() {
    return "Window cost per batch against slides per window";
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int[] slides = quick ? new int[] {1, 4, 16} : new int[] {1, 2, 4, 12, 48, 288};
    int keys = quick ? 2_000 : 10_000;
    long eventsPerBatch = quick ? 10_000 : 50_000;
    int measured = quick ? 4 : 10;
    Workload w = Workload.csv(keys);
    List<Point> points = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    StructuredQueries ss = new StructuredQueries(context);
    double[] inverseMs = new double[slides.length];
    double[] plainMs = new double[slides.length];
    // SS assigns each event to every window covering it, so its batch grows with n: a size is skipped when
    // the previous size's batch time, scaled by n, projects its run past the budget.
    double ssMs = 0;
    int ssN = 0;
    long ssBudgetMs = quick ? 60_000 : 300_000;
    String ssSkipped = null;
    // Unrecorded: the first streaming pipelines of the JVM pay for class loading and compilation.
    dstream(context, w, eventsPerBatch, 2, true, 2, 2);
    dstream(context, w, eventsPerBatch, 2, false, 2, 2);
    for (int i = 0; i < slides.length; i++) {
      int n = slides[i];
      String label = n + (n == 1 ? " slide" : " slides");
      int warmUp = n + 2; // the window is full after n batches
      Samples inverse = dstream(context, w, eventsPerBatch, n, true, warmUp, measured);
      Samples plain = dstream(context, w, eventsPerBatch, n, false, warmUp, measured);
      inverseMs[i] = inverse.median();
      plainMs[i] = plain.median();
      points.add(Point.of(INVERSE, n, label, inverse));
      points.add(Point.of(PLAIN, n, label, plain));
      double projectedMs = ssN == 0 ? 0 : ssMs * n / ssN * (warmUp + measured);
      if (ssSkipped == null && projectedMs > ssBudgetMs) {
        ssSkipped = String.format(Locale.ROOT, "SS not run from %d slides on: at %d slides its batch took %.0f ms, "
            + "so %d batches at %d slides project to about %.0f min, past the figure's %d min budget for one size.",
            n, ssN, ssMs, warmUp + measured, n, projectedMs / 60_000, ssBudgetMs / 60_000);
      }
      if (ssSkipped == null) {
        List<long[]> structured = ss.run(StructuredQueries.slidingWindow(ss.events(w, eventsPerBatch),
            n * Workload.BATCH_MS, Workload.BATCH_MS), "ss_window_" + n, 0, warmUp, measured);
        Samples ssSamples = new Samples(structured.stream().mapToDouble(a -> a[0]).toArray());
        points.add(Point.of(SS, n, label, ssSamples));
        ssMs = ssSamples.median();
        ssN = n;
      }
      System.err.printf(Locale.ROOT, "bench: %s: inverse %.0f ms, plain %.0f ms%n", label, inverse.median(),
          plain.median());
    }
    int last = slides.length - 1;
    notes.add(String.format(Locale.ROOT, "csv over %,d keys, %,d events per 1 s batch, slide = 1 batch, window = n "
        + "batches; %d measured batches after the window filled (n + 2 batches); %d partitions; DStreams on a "
        + "manual clock, batches back to back; the inverse window is checkpointed every 10 s as Tally does, the "
        + "per-batch aggregate is persisted (not checkpointed); the plain window, which depends on no earlier "
        + "window, is computed from the last warm-up batch on (before it, an output of its own computes and caches "
        + "the per-batch aggregate); median of the measured batches (the high end shows "
        + "the inverse window's checkpoint batch); one unrecorded warm-up of each DStream pipeline first%s.", keys, eventsPerBatch, measured,
        Workload.PARTITIONS, quick ? "; QUICK mode: n up to 16 instead of 288, fewer keys and events" : ""));
    double tallyFirst = tallyForm(slides[0], inverseMs[0], plainMs[0]);
    double tallyLast = tallyForm(slides[last], inverseMs[last], plainMs[last]);
    notes.add(String.format(Locale.ROOT, "Target: Tally's %d-slide window at most 2x its 1-slide cost%s: %s "
        + "(%.2fx: %.0f vs %.0f ms, each in the form Tally picks by default; the inverse form alone: %.2fx).",
        slides[last], slides[last] == 288 ? "" : " (the issue's 288 in a full run)",
        tallyLast <= 2 * tallyFirst ? "met" : "NOT met", tallyLast / tallyFirst, tallyLast, tallyFirst,
        inverseMs[last] / inverseMs[0]));
    notes.add(crossover(slides, inverseMs, plainMs));
    notes.add("SS: rate-micro-batch, the same lines, split + cast, window(ts, n s, 1 s) with a 0 s watermark, "
        + "update mode, noop sink; time = triggerExecution. DStreams: processing time of the batch. The SS skip "
        + "rule scales the last size's whole batch time, fixed costs included, by n: it errs towards skipping.");
    if (ssSkipped != null) {
      notes.add(ssSkipped);
    }
    return new FigureResult(id(), title(), "slides per window", "processing time per batch", "ms",
        FigureResult.Chart.LINE, PLAIN, points, notes);
  }

  /** The cost of the form Tally builds by default for a window of {@code slides} slices. */
  static double tallyForm(int slides, double inverseMs, double plainMs) {
    return slides <= GraphSettings.DEFAULT_PLAIN_WINDOW_SLICES ? plainMs : inverseMs;
  }

  /** Where the inverse window becomes cheaper than the plain one, interpolated in log(slides). */
  static String crossover(int[] slides, double[] inverse, double[] plain) {
    for (int i = 0; i < slides.length; i++) {
      if (inverse[i] < plain[i]) {
        if (i == 0) {
          return String.format(Locale.ROOT, "Inverse vs plain: the inverse window is cheaper at every measured "
              + "size, from %d slide(s) (%.0f vs %.0f ms).", slides[0], inverse[0], plain[0]);
        }
        double a = Math.log(inverse[i - 1] / plain[i - 1]);
        double b = Math.log(inverse[i] / plain[i]);
        double t = a / (a - b);
        double at = Math.exp(Math.log(slides[i - 1]) + t * (Math.log(slides[i]) - Math.log(slides[i - 1])));
        return String.format(Locale.ROOT, "Inverse vs plain: plain is cheaper up to %d slides, inverse from %d; "
            + "they cross at about %.1f slides (interpolated in log slides).", slides[i - 1], slides[i], at);
      }
    }
    return String.format(Locale.ROOT, "Inverse vs plain: plain is cheaper at every measured size up to %d slides "
        + "(no crossover measured).", slides[slides.length - 1]);
  }

  private static Samples dstream(BenchContext context, Workload w, long eventsPerBatch, int n, boolean inverse,
      int warmUp, int measured) throws InterruptedException {
    try (StreamingRun run = new StreamingRun(context, Workload.BATCH_MS, true)) {
      int p = Workload.PARTITIONS;
      // No stored offsets to read: the generated input resumes from nothing.
      JavaPairDStream<String, Metric> perBatch = w.input(eventsPerBatch).parse(run.jssc(), w.parser(), 1024, null)
          .flatMapToPair(new SelectMetrics())
          .transformToPair(new SumPartialsByKey(p));
      perBatch.persist(StorageLevel.MEMORY_ONLY_SER());
      // Tally's own window builder, told which form to build.
      WindowSpec window = new WindowSpec(n * Workload.BATCH_MS, Workload.BATCH_MS);
      GraphSettings settings = new GraphSettings(Workload.BATCH_MS, List.of(window), 0, p, 10_000, w.parser(), 1024,
          false).withPlainWindowSlices(inverse ? 0 : Integer.MAX_VALUE);
      JavaPairDStream<String, Metric> rows = TallyGraph.slidingWindow(perBatch, window, settings);
      if (inverse) {
        rows.foreachRDD(CountRows.always()); // builds on the previous window: computed every batch
      } else {
        // The plain window re-sums the window's per-batch aggregates, and no window RDD depends on an
        // earlier one: while it fills (at 288 slices many minutes of batches) only the per-batch
        // aggregate is computed and cached, by an output of its own; the window from the last warm-up
        // batch on, so that batch, unmeasured, also computes the cached inner per-batch stream. Batch b
        // runs at (b + 1) s on the manual clock. Measured batches run the window's job alone, as the
        // inverse series does.
        long lastWarmUpMs = warmUp * Workload.BATCH_MS;
        perBatch.foreachRDD(new CountRows(Long.MIN_VALUE, lastWarmUpMs - Workload.BATCH_MS));
        rows.foreachRDD(new CountRows(lastWarmUpMs - Workload.BATCH_MS, Long.MAX_VALUE));
      }
      run.start();
      double[] ms = new double[measured];
      for (int b = 0; b < warmUp + measured; b++) {
        BatchTimes t = run.runBatch();
        if (b >= warmUp) {
          ms[b - warmUp] = t.processingMs();
        }
      }
      return new Samples(ms);
    }
  }
}
