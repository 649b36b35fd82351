package dev.tally.bench.jar;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Figure 8: what an event-time window costs a batch, against a processing-time window of the same
 * length, in the process a user runs ({@code deploy/tally.sh --generate ...}, the shaded jar's main in
 * its own JVM, local[2]): the same generated lines (10,000 keys, 5 % stamped out of order, on time), the
 * same batch interval and running totals; (a) {@code --window 10s/10s}, (b) {@code --event-window
 * 10s/10s --event-time ts --watermark 10s}. The two alternate (a, b, a, b) so that a drift of the
 * machine falls on both; each step is judged from the jar's own health lines after a warm-up, and
 * the other processes' CPU is sampled during it as in figure 7. Into PostgreSQL (what a user runs),
 * then once more each into the console sink (a summary of each output, no database), which shows how
 * much of the difference is the event windows' writes: they write every changed (window, key) row
 * each batch, the processing-time window all its keys once a slide.
 *
 * <p>{@code -Dbench.et.rate=N} sets the rate (default {@value #DEFAULT_RATE} events/s, 1 s batches: both
 * sustained on 2 cores), {@code -Dbench.et.sink=postgresql|console|both} the sinks (default both; a quick
 * run postgresql).
 */
public final class EventTimeCostFigure implements Figure {
  static final String DEFAULT_RATE = "20k";
  static final String LENGTH = "10s";
  static final String WATERMARK = "10s";
  /** Half the watermark: out of order, yet on time. */
  static final String OUT_OF_ORDER_BY = "5s";
  static final String OUT_OF_ORDER = "0.05";
  static final String KEYS = "10k";
  static final String PROCESSING_TIME = "(a) processing-time --window " + LENGTH + "/" + LENGTH;
  static final String EVENT_TIME = "(b) event-time --event-window " + LENGTH + "/" + LENGTH;
  static final String CONSOLE = ", console sink";

  @Override
  public String id() {
    return "8";
  }

  @Override
  public String title() {
    return "Cost per batch of an event-time window against a processing-time window of the same length (the jar, "
        + "10k keys, 5 % out of order)";
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int warmUp = quick ? 12 : 30; // full: the window slid three times, event windows closed, state checkpoints taken
    int judged = quick ? 10 : 60;
    int pairs = quick ? 1 : 2;
    String rateText = System.getProperty("bench.et.rate", "");
    long rate = JarRateFigure.count(rateText.isBlank() ? (quick ? "5k" : DEFAULT_RATE) : rateText);
    String sinkText = System.getProperty("bench.et.sink", "").trim();
    if (sinkText.isEmpty()) {
      sinkText = quick ? "postgresql" : "both";
    }
    if (!sinkText.matches("postgresql|console|both")) {
      throw new IllegalArgumentException("bench.et.sink is postgresql, console or both, not " + sinkText);
    }
    boolean toPostgres = !sinkText.equals("console");
    boolean toConsole = !sinkText.equals("postgresql");
    Path repo = Path.of("").toAbsolutePath();
    JarRun.sparkClasspath(repo);
    Path work = Files.createTempDirectory("tally-bench-et");
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "Each step: deploy/tally.sh --generate rate=%d,keys=%s,partitions=2 --format csv "
        + "--csv-columns ts,key,cost,clicks --values cost,clicks --decimals 2 --batch 1s and (a) --window %s/%s or "
        + "(b) --event-window %s/%s --event-time ts --watermark %s with out-of-order=%s,out-of-order-by=%s added to "
        + "--generate (local[2], TALLY_HEAP=2g, running totals with updateStateByKey in both) into %s; %d s warm-up, "
        + "then %d s judged from the jar's own health lines; the steps alternate a, b%s%s. In (a) the lines are the "
        + "same but for the ts column, which holds 'x' (the generator stamps it only for --event-time).",
        rate, KEYS, LENGTH, LENGTH, LENGTH, LENGTH, WATERMARK, OUT_OF_ORDER, OUT_OF_ORDER_BY,
        toPostgres ? "PostgreSQL on the same machine (embedded binaries, synchronous_commit=on)" : "--sink console",
        warmUp, judged, pairs > 1 ? ", a, b" : "",
        toPostgres && toConsole ? "; then a, b once more with --sink console (no database)" : ""));
    EmbeddedPostgres postgres = !toPostgres ? null : EmbeddedPostgres.builder()
        .setDataDirectory(work.resolve("pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on")
        .start();
    List<Point> points = new ArrayList<>();
    int step = 0;
    try {
      String url = postgres == null ? null : "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      for (String sink : toPostgres && toConsole ? List.of("postgresql", "console") : List.of(toPostgres ? "postgresql" : "console")) {
        boolean console = sink.equals("console");
        List<JarRun.Result> processingTime = new ArrayList<>();
        List<JarRun.Result> eventTime = new ArrayList<>();
        // The console pass only shows what the writes weigh: one pair after the PostgreSQL pairs.
        int pairsHere = console && toPostgres ? 1 : pairs;
        for (int pair = 0; pair < pairsHere; pair++) {
          for (boolean event : new boolean[] {false, true}) {
            step++;
            String name = String.format(Locale.ROOT, "%d-%s-%s-%d-per-s", step, event ? "event-time" : "processing-time",
                sink, rate);
            JarRun.Result r = JarRun.run(repo, name, options(event, rate, step, work, console ? null : url), "2g", 1_000,
                warmUp, judged, work.resolve("logs"));
            notes.add(r.describe(judged) + String.format(Locale.ROOT, "; rejects in the judged batches %d",
                sum(r.judged(), HealthLine::rejects)));
            (event ? eventTime : processingTime).add(r);
          }
        }
        String suffix = console ? CONSOLE : "";
        addSeries(points, PROCESSING_TIME + suffix, processingTime);
        addSeries(points, EVENT_TIME + suffix, eventTime);
        notes.add((console ? "Console sink: " : "PostgreSQL: ") + verdict("a", processingTime, judged) + "; "
            + verdict("b", eventTime, judged));
        notes.add(String.format(Locale.ROOT, "%s over all judged batches of each: processing p50 / p99 / max (a) %s, "
                + "(b) %s ms, ratio b/a %s; scheduling delay p50 / p99 / max (a) %s, (b) %s ms; events per batch (a) %,d, "
                + "(b) %,d; rows written per batch, mean: (a) windows %.0f totals %.0f, (b) event windows %.0f totals %.0f.",
            console ? "Console sink:" : "PostgreSQL:",
            triple(processingTime, HealthLine::processingMs), triple(eventTime, HealthLine::processingMs),
            ratios(processingTime, eventTime), triple(processingTime, HealthLine::delayMs),
            triple(eventTime, HealthLine::delayMs),
            percentile(processingTime, HealthLine::lines, 0.5), percentile(eventTime, HealthLine::lines, 0.5),
            mean(processingTime, HealthLine::windowRows), mean(processingTime, HealthLine::totalRows),
            mean(eventTime, HealthLine::windowRows), mean(eventTime, HealthLine::totalRows)));
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
    notes.add("In the table, a series' value at p50, p99 or max is that percentile over the judged batches of all its "
        + "steps together (not a median of steps); low..high are the steps' own percentiles.");
    notes.add("Logs of every step: " + work.resolve("logs"));
    return new FigureResult(id(), title(), "per batch", "milliseconds; bars: the steps' lowest..highest", "ms",
        FigureResult.Chart.BARS, PROCESSING_TIME, points, notes);
  }

  static List<String> options(boolean event, long rate, int step, Path work, String url) {
    // Out of order only where events have a time: without --event-time the generator refuses it.
    String outOfOrder = event ? ",out-of-order=" + OUT_OF_ORDER + ",out-of-order-by=" + OUT_OF_ORDER_BY : "";
    List<String> options = new ArrayList<>(List.of("--checkpoint-dir", work.resolve("cp-" + step).toString(),
        "--generate", "rate=" + rate + ",keys=" + KEYS + ",partitions=2" + outOfOrder,
        "--format", "csv", "--csv-columns", "ts,key,cost,clicks", "--values", "cost,clicks", "--decimals", "2",
        "--batch", "1s"));
    if (event) {
      options.addAll(List.of("--event-window", LENGTH + "/" + LENGTH, "--event-time", "ts", "--watermark", WATERMARK));
    } else {
      options.addAll(List.of("--window", LENGTH + "/" + LENGTH));
    }
    if (url == null) {
      options.addAll(List.of("--sink", "console"));
    } else {
      String prefix = "e" + step + "_";
      options.addAll(List.of("--jdbc-url", url, "--jdbc-user", "postgres",
          "--window-table", prefix + "windows", "--event-window-table", prefix + "event_windows",
          "--total-table", prefix + "totals", "--reject-table", prefix + "rejects",
          "--offset-table", prefix + "offsets", "--batch-table", prefix + "batches"));
    }
    return options;
  }

  /** Processing and delay p50/p99/max over every judged batch of the steps; bars span the steps' own values. */
  private static void addSeries(List<Point> points, String series, List<JarRun.Result> steps) {
    int x = 0;
    for (String measure : new String[] {"processing", "scheduling delay"}) {
      ToLongFunction<HealthLine> field = measure.equals("processing") ? HealthLine::processingMs : HealthLine::delayMs;
      for (double p : new double[] {0.5, 0.99, 1.0}) {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (JarRun.Result r : steps) {
          long v = JarRun.percentile(r.judged().stream().mapToLong(field).toArray(), p);
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
        String label = measure + " " + (p == 1.0 ? "max" : "p" + Math.round(p * 100));
        points.add(new Point(series, x++, label, percentile(steps, field, p), low, high, steps.size()));
      }
    }
  }

  private static long percentile(List<JarRun.Result> steps, ToLongFunction<HealthLine> field, double p) {
    return JarRun.percentile(steps.stream().flatMap(r -> r.judged().stream()).mapToLong(field).toArray(), p);
  }

  private static double mean(List<JarRun.Result> steps, ToLongFunction<HealthLine> field) {
    return steps.stream().flatMap(r -> r.judged().stream()).mapToLong(field).average().orElse(Double.NaN);
  }

  private static long sum(List<HealthLine> batches, ToLongFunction<HealthLine> field) {
    return batches.stream().mapToLong(field).sum();
  }

  private static String triple(List<JarRun.Result> steps, ToLongFunction<HealthLine> field) {
    return String.format(Locale.ROOT, "%,d / %,d / %,d", percentile(steps, field, 0.5), percentile(steps, field, 0.99),
        percentile(steps, field, 1.0));
  }

  private static String ratios(List<JarRun.Result> a, List<JarRun.Result> b) {
    StringBuilder out = new StringBuilder();
    for (double p : new double[] {0.5, 0.99, 1.0}) {
      double ratio = (double) percentile(b, HealthLine::processingMs, p) / percentile(a, HealthLine::processingMs, p);
      out.append(out.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", ratio));
    }
    return out.toString();
  }

  /** Sustained and quiet, per step, as figure 7 judges them. */
  private static String verdict(String variant, List<JarRun.Result> steps, int judged) {
    StringBuilder out = new StringBuilder("(" + variant + ") ");
    for (JarRun.Result r : steps) {
      out.append(r.name()).append(": ").append(r.sustained(judged) ? "sustained" : "NOT sustained")
          .append(r.quiet() ? ", quiet" : String.format(Locale.ROOT, ", NOT QUIET (other processes %.2f cores, max %.2f)",
              r.otherCoresMean(), r.otherCoresMax())).append("; ");
    }
    return out.substring(0, out.length() - 2);
  }
}
