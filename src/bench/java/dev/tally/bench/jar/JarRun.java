package dev.tally.bench.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One run of the process a user starts, {@code deploy/tally.sh} (the shaded jar's main, its own JVM)
 * with documented options, for a fixed wall time; then a graceful stop (SIGTERM to the JVM). Its
 * figures are its own health lines, and the machine's other load over the same time.
 */
final class JarRun {
  private JarRun() {}

  /** What one run printed and what else the machine did meanwhile. */
  record Result(String name, List<HealthLine> batches, int warmUpBatches, long intervalMs, double otherCoresMean,
      double otherCoresMax, double tallyCoresMean, String load, int exitCode, Path log) {

    List<HealthLine> judged() {
      return batches.size() <= warmUpBatches ? List.of() : batches.subList(warmUpBatches, batches.size());
    }

    long processingPercentile(double p) {
      return percentile(judged().stream().mapToLong(HealthLine::processingMs).toArray(), p);
    }

    long committedPercentile(double p) {
      return percentile(judged().stream().mapToLong(HealthLine::committedAfterMs).toArray(), p);
    }

    /**
     * From an event to its row committed, p in (0, 1): an event that arrives in the interval before its
     * batch's time waits for that time, then the batch's delay and processing. With arrivals spread
     * evenly over the interval, the share of events committed within x is the mean over batches of
     * clamp((x - committedAfter) / interval, 0, 1); this is the x at which that share reaches p.
     */
    long eventToRowPercentile(double p) {
      long[] committed = judged().stream().mapToLong(HealthLine::committedAfterMs).toArray();
      if (committed.length == 0) {
        return -1;
      }
      long low = 0;
      long high = java.util.Arrays.stream(committed).max().getAsLong() + intervalMs;
      while (low < high) {
        long mid = (low + high) >>> 1;
        double share = 0;
        for (long c : committed) {
          share += Math.min(1.0, Math.max(0.0, (double) (mid - c) / intervalMs));
        }
        if (share / committed.length >= p) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
      return low;
    }

    long maxDelayMs() {
      return judged().stream().mapToLong(HealthLine::delayMs).max().orElse(Long.MAX_VALUE);
    }

    /** Least-squares slope of the scheduling delay, ms per batch. */
    double delaySlope() {
      List<HealthLine> j = judged();
      int n = j.size();
      if (n < 2) {
        return Double.POSITIVE_INFINITY;
      }
      double meanX = (n - 1) / 2.0;
      double meanY = j.stream().mapToLong(HealthLine::delayMs).average().orElse(0);
      double num = 0;
      double den = 0;
      for (int i = 0; i < n; i++) {
        num += (i - meanX) * (j.get(i).delayMs() - meanY);
        den += (i - meanX) * (i - meanX);
      }
      return num / den;
    }

    /**
     * Sustainable throughput: over the judged batches the scheduling delay never exceeds two intervals
     * and has no upward trend (its fitted rise over the run stays below one interval). One slow batch
     * that the next ones absorb does not fail it.
     */
    boolean sustained(int expectedJudged) {
      return judged().size() >= expectedJudged && maxDelayMs() <= 2 * intervalMs
          && delaySlope() * judged().size() < intervalMs;
    }

    /** No other process used a noticeable share of the machine: a figure fit to publish. */
    boolean quiet() {
      return otherCoresMean <= 0.15 && otherCoresMax <= 0.6;
    }

    long linesPerBatch() {
      return percentile(judged().stream().mapToLong(HealthLine::lines).toArray(), 0.5);
    }

    String describe(int expectedJudged) {
      return String.format(Locale.ROOT, "%s: %s, %d judged batches (%d lines each), processing p50/p99/max %d/%d/%d ms, "
              + "batch time to committed p99 %d ms (event to committed row p99 %d ms), scheduling delay max %d ms (slope %.2f ms/batch); Tally %.2f cores, "
              + "other processes %.2f cores (max %.2f), %s%s; exit %d",
          name, sustained(expectedJudged) ? "SUSTAINED" : "not sustained", judged().size(), linesPerBatch(),
          processingPercentile(0.5), processingPercentile(0.99), processingPercentile(1.0), committedPercentile(0.99),
          eventToRowPercentile(0.99), maxDelayMs(), delaySlope(), tallyCoresMean, otherCoresMean, otherCoresMax, load,
          quiet() ? "" : " — NOT QUIET: not for publishing", exitCode);
    }
  }

  private static List<HealthLine> batches(Path log) throws IOException {
    List<HealthLine> batches = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) { // any bytes; the figures are ASCII
      HealthLine.parse(line).ifPresent(batches::add);
    }
    return batches;
  }

  /** Nearest rank; {@code p} = 1 is the maximum. */
  static long percentile(long[] values, double p) {
    if (values.length == 0) {
      return -1;
    }
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static Result run(Path repo, String name, List<String> options, String heap, long intervalMs, int warmUpSeconds,
      int judgedSeconds, Path logDir) throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    List<String> command = new ArrayList<>(List.of("bash", repo.resolve("deploy/tally.sh").toString()));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("TALLY_HEAP", heap);
    // This build's jar and the classpath written by sparkClasspath(): a rebuild by the script would
    // recompile the classes this harness is running from.
    builder.environment().put("TALLY_PREBUILT", "1");
    System.err.println("bench: jar run " + name + ": deploy/tally.sh " + String.join(" ", options) + " (TALLY_HEAP=" + heap
        + ", " + warmUpSeconds + " s warm-up + " + judgedSeconds + " s judged)");
    Process process = builder.start();
    int exit;
    try (CpuSampler cpu = new CpuSampler(() -> {
      Set<Long> pids = new HashSet<>(CpuSampler.pidsNamed("postgres"));
      pids.add(ProcessHandle.current().pid());
      pids.add(process.pid());
      process.descendants().forEach(d -> pids.add(d.pid()));
      return pids;
    }, 5_000)) {
      // Until the warm-up and judged batches have completed, or their wall time plus a start-up allowance and
      // half again has passed: a job that falls behind completes fewer batches, and is judged on those.
      int warmUpBatches = (int) (warmUpSeconds * 1000L / intervalMs);
      int wanted = warmUpBatches + (int) (judgedSeconds * 1000L / intervalMs);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + (warmUpSeconds + judgedSeconds) * 3L / 2);
      while (process.isAlive() && System.nanoTime() < deadline && batches(log).size() < wanted) {
        process.waitFor(1, TimeUnit.SECONDS);
      }
      exit = process.isAlive() ? stop(process) : process.exitValue();
      List<HealthLine> batches = batches(log);
      cpu.close();
      Result result = new Result(name, batches, warmUpBatches, intervalMs, cpu.otherCoresMean(), cpu.otherCoresMax(),
          cpu.measuredCoresMean(), cpu.loadSummary(), exit, log);
      System.err.println("bench: " + result.describe((int) (judgedSeconds * 1000L / intervalMs)));
      return result;
    }
  }

  /**
   * Writes the Spark classpath that deploy/lib.sh runs the jar with, as its own build step does, without
   * the bench profile (whose test-scoped Spark SQL would change the resolved scopes) and without compiling.
   */
  static void sparkClasspath(Path repo) throws IOException, InterruptedException {
    Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "dependency:build-classpath",
        "-Dmdep.includeScope=compile", "-Dmdep.outputFile=" + repo.resolve("target/spark-classpath.txt"))
        .directory(repo.toFile()).inheritIO().start();
    if (mvn.waitFor() != 0) {
      throw new IOException("mvn dependency:build-classpath failed with exit code " + mvn.exitValue());
    }
  }

  /**
   * SIGTERM to the JVM (deploy/tally.sh execs it), as a supervisor stops it. Not to its children: those
   * are short forks such as Hadoop's chmod of a checkpoint file, and a killed one fails its task.
   */
  private static int stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.isAlive() ? -1 : process.exitValue();
  }
}
