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
 * {@code 1m:postgresql:mapWithState:8g:20k,50k}.
 */
public final class JarRateFigure implements Figure {
  /** The workloads and targets: 10k keys up to 4M events/s, 1M keys up to 250k events/s. */
  static final String DEFAULT_PLAN = "10k:postgresql:updateStateByKey:2g:1k,1m,2m,4m"
      + ";10k:postgresql:mapWithState:2g:1k,1m,2m,4m"
      + ";1m:postgresql:mapWithState:8g:20k,50k,100k,250k"
      + ";1m:postgresql:updateStateByKey:8g:20k,50k"
      + ";10k:console:updateStateByKey:2g:2m,4m";

  @Override
  public String id() {
    return "7";
  }

  @Override
  public String title() {
    return "Sustained rate of the jar as a user runs it (deploy/tally.sh --generate), with processing p99";
  }

  /** One workload of the plan. */
  record Workload(String keys, String sink, String operator, String heap, List<Long> rates) {
    static Workload parse(String text) {
      String[] f = text.trim().split(":");
      if (f.length != 5) {
        throw new IllegalArgumentException("a workload is keys:sink:operator:heap:rates, not " + text);
      }
      List<Long> rates = new ArrayList<>();
      for (String r : f[4].split(",")) {
        rates.add(count(r));
      }
      return new Workload(f[0], f[1], f[2], f[3], rates);
    }

    String label() {
      return "csv, " + keys + " keys, " + (sink.equals("console") ? "console (no database)" : "PostgreSQL") + ", "
          + operator;
    }
  }

  static long count(String text) {
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
        + "last output (delay + processing); an event waits up to one more interval for its batch.", warmUp, judged));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(work.resolve("pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on")
        .start();
    int step = 0;
    try {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      for (Workload w : plan) {
        long best = -1;
        JarRun.Result bestResult = null;
        for (long rate : w.rates()) {
          step++;
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
          String name = String.format(Locale.ROOT, "%d-%s-keys-%s-%s-%d-per-s", step, w.keys(), w.sink(), w.operator(), rate);
          JarRun.Result r = JarRun.run(repo, name, options, w.heap(), 1_000, warmUp, judged, work.resolve("logs"));
          notes.add(r.describe(judged));
          if (!r.judged().isEmpty()) {
            points.add(new Point(w.label(), rate, String.format(Locale.ROOT, "%,d", rate), r.processingPercentile(0.99),
                r.processingPercentile(0.5), r.processingPercentile(1.0), 1));
          }
          if (!r.sustained(judged)) {
            break;
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
        FigureResult.Chart.LINE, "", points, notes);
  }
}
