package dev.tally.bench.jar;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.ReadmeTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 7: sustainable throughput and latency of the process a user runs, {@code deploy/tally.sh
 * --generate ...} (the shaded jar's main in its own JVM, local[2], 1 s batches, window 30s/5s, running
 * totals), read from its own health lines. Each step runs one rate for a warm-up (the window full, a
 * state checkpoint taken) and then at least 5 minutes judged; a workload climbs its ladder of rates
 * until a step is not sustained. The machine's other load is sampled during every step, and a step
 * beside another busy process is marked as not for publishing.
 *
 * <p>{@code -Dbench.jar.plan=...} replaces the plan: workloads separated by {@code ;}, each
 * {@code keys:sink:operator:heap:rate,rate,...} with sink {@code postgresql} or {@code console}, e.g.
 * {@code 1m:postgresql:mapWithState:8g:20k,50k}; a last rung {@code 70%} runs at 70 % of the highest
 * rate sustained before it, where the issue judges the latency from event to committed row.
 */
public final class JarRateFigure implements Figure {
  /**
   * The workloads and targets: 10k keys at 1,000 events/s (latency), 2M (p99) and 4M (sustained),
   * then 70 % of the highest sustained rate (event to committed row); Spark's state map at 10k keys beside
   * it; 1M keys climbing to 250,000 events/s with each operator.
   */
  static final String DEFAULT_PLAN = "10k:postgresql:updateStateByKey:2g:1k,2m,4m,70%"
      + ";10k:postgresql:mapWithState:2g:4m"
      + ";1m:postgresql:mapWithState:8g:5k,10k,20k,50k,100k,250k"
      + ";1m:postgresql:updateStateByKey:8g:5k";
  /** A rung that runs, after the ladder, at this share of the highest rate the ladder sustained. */
  static final String SEVENTY_PERCENT = "70%";

  @Override
  public String id() {
    return "7";
  }

  @Override
  public String title() {
    return "Sustained rate of the jar as a user runs it (deploy/tally.sh --generate), with processing p99";
  }

  /** One workload of the plan. */
  record Workload(String keys, String sink, String operator, String heap, List<Long> rates, boolean atSeventyPercent) {
    static Workload parse(String text) {
      String[] f = text.trim().split(":");
      if (f.length != 5) {
        throw new IllegalArgumentException("a workload is keys:sink:operator:heap:rates, not " + text);
      }
      List<Long> rates = new ArrayList<>();
      boolean seventy = false;
      for (String r : f[4].split(",")) {
        if (r.trim().equals(SEVENTY_PERCENT)) {
          seventy = true;
        } else {
          rates.add(count(r));
        }
      }
      return new Workload(f[0], f[1], f[2], f[3], rates, seventy);
    }

    String label() {
      return "csv, " + keys + " keys, " + (sink.equals("console") ? "console (no database)" : "PostgreSQL") + ", "
          + operator;
    }
  }

  /** {@code 10k}, {@code 2m}, {@code 500}: a count with an optional thousand or million suffix. */
  public static long count(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
    return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
  }

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    int warmUp = quick ? 20 : 35; // full: the 30 s window is full and the first 10 s checkpoints are taken
    int judged = quick ? 30 : 300;
    String planText = System.getProperty("bench.jar.plan", "");
    if (planText.isBlank()) {
      planText = quick ? "10k:postgresql:updateStateByKey:2g:1k" : DEFAULT_PLAN;
    }
    List<Workload> plan = new ArrayList<>();
    for (String w : planText.split(";")) {
      plan.add(Workload.parse(w));
    }
    Path repo = Path.of("").toAbsolutePath();
    JarRun.sparkClasspath(repo);
    Path work = Files.createTempDirectory("tally-bench-jar");
    List<Point> points = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "Each step: deploy/tally.sh --generate rate=R,keys=K,partitions=2 --format csv "
        + "--values cost,clicks --decimals 2 --batch 1s --window 30s/5s --totals-operator OP (local[2], TALLY_HEAP as "
        + "given) into PostgreSQL on the same machine (embedded binaries, synchronous_commit=on) or --sink console; "
        + "%d s warm-up, then %d s judged from the jar's own health lines. Sustained: scheduling delay never above "
        + "2 s and no upward trend (fitted rise < 1 s over the run). Latency: batch time to the end of the batch's "
        + "last output (delay + processing); event to committed row adds the wait for the batch's time, with events "
        + "spread evenly over the interval before it (the generator makes a batch's events at its time).", warmUp, judged));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(work.resolve("pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on")
        .start();
    int step = 0;
    List<ReadmeTable.Row> rows = new ArrayList<>();
    try {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      for (Workload w : plan) {
        long best = -1;
        JarRun.Result bestResult = null;
        List<Long> rates = new ArrayList<>(w.rates());
        // The rates in order, then the 70 % rung once (the loop ends with it).
        for (int i = 0; i < rates.size() || (w.atSeventyPercent() && best > 0); i++) {
          boolean seventy = i >= rates.size();
          long rate = seventy ? Math.max(1_000, Math.round(best * 0.7 / 1_000) * 1_000) : rates.get(i);
          step++;
          JarRun.Result r = JarRun.run(repo, stepName(step, w, rate), stepOptions(w, rate, step, work, url), w.heap(),
              1_000, warmUp, judged, work.resolve("logs"));
          notes.add(r.describe(judged));
          if (!r.judged().isEmpty()) {
            points.add(new Point(w.label(), rate, String.format(Locale.ROOT, "%,d", rate), r.processingPercentile(0.99),
                r.processingPercentile(0.5), r.processingPercentile(1.0), 1));
          }
          rows.add(new ReadmeTable.Row("7", String.format(Locale.ROOT, "%s at %,d events/s%s", w.label(), rate,
              seventy ? " (70 % of the highest sustained)" : ""), measured(r, judged), target(w, rate, seventy, r, judged)));
          if (seventy) {
            break;
          }
          if (!r.sustained(judged)) {
            // The ladder stops at the first rate not sustained; the 70 % rung still runs below the best.
            rates = rates.subList(0, i + 1);
            continue;
          }
          best = rate;
          bestResult = r;
        }
        notes.add(String.format(Locale.ROOT, "%s: highest sustained rate %s%s", w.label(),
            best < 0 ? "none on the ladder " + w.rates() : String.format(Locale.ROOT, "%,d events/s", best),
            bestResult == null ? "" : bestResult.quiet() ? " (quiet machine)" : " (NOT QUIET: not for publishing)"));
      }
    } finally {
      postgres.close();
    }
    notes.add("Logs of every step: " + work.resolve("logs"));
    return new FigureResult(id(), title(), "events per second", "processing p99 (ms); bars p50..max", "ms",
        FigureResult.Chart.LINE, "", points, notes, rows);
  }

  private static String stepName(int step, Workload w, long rate) {
    return String.format(Locale.ROOT, "%d-%s-keys-%s-%s-%d-per-s", step, w.keys(), w.sink(), w.operator(), rate);
  }

  private static List<String> stepOptions(Workload w, long rate, int step, Path work, String url) {
    List<String> options = new ArrayList<>(List.of("--checkpoint-dir", work.resolve("cp-" + step).toString(),
        "--generate", "rate=" + rate + ",keys=" + w.keys() + ",partitions=2", "--format", "csv",
        "--values", "cost,clicks", "--decimals", "2", "--batch", "1s", "--window", "30s/5s",
        "--totals-operator", w.operator()));
    if (w.sink().equals("console")) {
      options.addAll(List.of("--sink", "console"));
    } else {
      String prefix = "s" + step + "_";
      options.addAll(List.of("--jdbc-url", url, "--jdbc-user", "postgres",
          "--window-table", prefix + "windows", "--total-table", prefix + "totals",
          "--reject-table", prefix + "rejects", "--offset-table", prefix + "offsets",
          "--batch-table", prefix + "batches"));
    }
    return options;
  }

  /** The README's cell: sustained or why not, processing p50/p99/max, delay, event to row, the machine. */
  private static String measured(JarRun.Result r, int judged) {
    if (r.judged().isEmpty()) {
      return "no judged batch (exit " + r.exitCode() + ")";
    }
    String verdict = r.sustained(judged) ? "sustained"
        : r.judged().size() < judged ? String.format(Locale.ROOT, "NOT sustained: %d of %d batches completed", r.judged().size(), judged)
        : r.maxDelayMs() > 2 * r.intervalMs()
            ? String.format(Locale.ROOT, "NOT sustained: delay reached %,d ms (slope %.1f ms a batch)", r.maxDelayMs(), r.delaySlope())
            : String.format(Locale.ROOT, "NOT sustained: delay rising %.1f ms a batch", r.delaySlope());
    return String.format(Locale.ROOT, "%s; processing p50 / p99 / max %,d / %,d / %,d ms; delay max %,d ms; "
            + "event → committed row p99 %,d ms%s", verdict, r.processingPercentile(0.5), r.processingPercentile(0.99),
        r.processingPercentile(1.0), r.maxDelayMs(), r.eventToRowPercentile(0.99),
        r.quiet() ? "" : String.format(Locale.ROOT, "; NOT QUIET (other processes %.2f cores)", r.otherCoresMean()));
  }

  /** The target that this step is judged against, met or not; empty where it sets none. */
  private static String target(Workload w, long rate, boolean seventy, JarRun.Result r, int judged) {
    if (!w.sink().equals("postgresql") || r.judged().isEmpty()) {
      return "";
    }
    boolean sustained = r.sustained(judged);
    if (seventy) {
      return "event → row p99 ≤ 1.5 s at 70 %: " + metOrNot(r.eventToRowPercentile(0.99) <= 1_500);
    }
    if (w.keys().equals("1m")) {
      return rate == 250_000 || !sustained ? "≥ 250,000 events/s: " + metOrNot(sustained && rate >= 250_000)
          + (rate < 250_000 ? " (the ladder stops here)" : "") : "≥ 250,000 events/s (a rung of the ladder)";
    }
    if (!w.keys().equals("10k")) {
      return "";
    }
    if (rate == 1_000) {
      return "p50 ≤ 100 ms and max ≤ 300 ms: " + metOrNot(r.processingPercentile(0.5) <= 100
          && r.processingPercentile(1.0) <= 300);
    }
    if (rate == 2_000_000) {
      return "p99 ≤ 0.8 s: " + metOrNot(r.processingPercentile(0.99) <= 800);
    }
    if (rate == 4_000_000) {
      return "≥ 4,000,000 events/s sustained: " + metOrNot(sustained);
    }
    return "";
  }

  private static String metOrNot(boolean met) {
    return met ? "met" : "**NOT met**";
  }
}
