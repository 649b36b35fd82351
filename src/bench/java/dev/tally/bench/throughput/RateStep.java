package dev.tally.bench.throughput;

import dev.tally.bench.streaming.BatchTimes;
import dev.tally.bench.streaming.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One step of the search: Tally's graph at one input rate, judged over its batches after the
 * warm-up. Sustained, as the issue defines figure 1: every batch's processing time stays below the
 * batch interval and the scheduling delay has no upward trend (least-squares slope at most 1 % of
 * the batch per batch). Within the throughput target, stricter: processing p99 at most 0.8
 * of the interval, with the same trend rule.
 */
public record RateStep(long linesPerSecond, long eventsPerSecond, List<BatchTimes> judged, String abortReason, long batchMs) {
  static final double TARGET_PROCESSING_SHARE = 0.8;
  static final double SLOPE_SHARE = 0.01;

  public double processingP99() {
    return Stats.percentile(Stats.of(judged, BatchTimes::processingMs), 99);
  }

  public double processingP50() {
    return Stats.percentile(Stats.of(judged, BatchTimes::processingMs), 50);
  }

  public double processingMax() {
    return Stats.percentile(Stats.of(judged, BatchTimes::processingMs), 100);
  }

  public double schedulingSlope() {
    return Stats.slope(Stats.of(judged, BatchTimes::schedulingMs));
  }

  public double latencyP(double p) {
    return Stats.percentile(Stats.of(judged, BatchTimes::latencyMs), p);
  }

  /** Figure 1's rule: no batch took as long as the interval, and no growing backlog. */
  public boolean sustained() {
    return abortReason == null && !judged.isEmpty() && processingMax() < batchMs
        && schedulingSlope() <= SLOPE_SHARE * batchMs;
  }

  /** The target's rule: sustained with processing p99 at most 0.8 of the interval. */
  public boolean withinTarget() {
    return sustained() && processingP99() <= TARGET_PROCESSING_SHARE * batchMs;
  }

  /**
   * Where the judged batches' time went: each output operation's p50 / p99 in ms, in the graph's
   * order (an output's time includes the RDD checkpoints its job triggers).
   */
  public String outputBreakdown() {
    SortedMap<String, List<Long>> byOutput = new TreeMap<>();
    for (BatchTimes b : judged) {
      b.outputMs().forEach((name, ms) -> byOutput.computeIfAbsent(name, n -> new ArrayList<>()).add(ms));
    }
    StringBuilder text = new StringBuilder();
    byOutput.forEach((name, ms) -> {
      double[] values = ms.stream().mapToDouble(Long::doubleValue).toArray();
      text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f/%.0f",
          name.replaceFirst(" at ", " "), Stats.percentile(values, 50), Stats.percentile(values, 99)));
    });
    return text.toString();
  }

  public String describe() {
    if (abortReason != null) {
      return String.format(Locale.ROOT, "%,d ev/s: stopped, %s%s", eventsPerSecond, abortReason,
          judged.isEmpty() ? "" : "; outputs p50/p99 ms: " + outputBreakdown());
    }
    return String.format(Locale.ROOT, "%,d ev/s: %s (processing p50 %.0f / p99 %.0f / max %.0f ms, scheduling slope "
        + "%+.1f ms/batch, %d batches; outputs p50/p99 ms: %s)", eventsPerSecond,
        withinTarget() ? "sustained, within the target's p99" : sustained() ? "sustained" : "NOT sustained",
        processingP50(), processingP99(), processingMax(), schedulingSlope(), judged.size(), outputBreakdown());
  }
}
