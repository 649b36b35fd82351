package dev.tally.bench.throughput;

import dev.tally.bench.BenchContext;
import dev.tally.bench.streaming.Workload;
import dev.tally.sink.Sink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the highest sustained rate of one workload within a budget of steps: doubling from the start
 * rate while steps pass (halving while they fail), then bisecting between the best sustained rate and
 * the lowest rate that was not.
 */
final class RateSearch {
  record Result(List<RateStep> steps, RateStep best, RateStep lowestFailed) {
    /** The fastest step that also met the target's stricter rule, if any did. */
    Optional<RateStep> bestWithinTarget() {
      return steps.stream().filter(RateStep::withinTarget).max(Comparator.comparingLong(RateStep::eventsPerSecond));
    }
  }

  private final BenchContext context;
  private final Workload workload;
  private final Sink sink;
  private final int warmUp;
  private final int judged;
  private final int maxSteps;
  /** 2^12 times the start rate: far beyond any rate 2 cores sustain, a bound against a broken judge. */
  private static final int MAX_DOUBLINGS = 12;

  private final List<RateStep> steps = new ArrayList<>();

  RateSearch(BenchContext context, Workload workload, Sink sink, int warmUp, int judged, int maxSteps) {
    this.context = context;
    this.workload = workload;
    this.sink = sink;
    this.warmUp = warmUp;
    this.judged = judged;
    this.maxSteps = maxSteps;
  }

  /**
   * Doubling is not bounded by the step budget (only by {@link #MAX_DOUBLINGS}): whatever rate this
   * machine sustains, the search reaches a failing step above it. Halving and bisecting are.
   */
  Result run(long startLinesPerSecond) throws InterruptedException {
    RateStep best = null;
    RateStep failed = null;
    long rate = startLinesPerSecond;
    int doublings = 0;
    while (best == null || failed == null) {
      boolean goingUp = failed == null && best != null;
      if (goingUp ? doublings >= MAX_DOUBLINGS : steps.size() >= maxSteps) {
        break;
      }
      RateStep s = step(rate);
      if (s.sustained()) {
        best = s;
        rate *= 2;
        doublings++;
      } else {
        failed = s;
        rate = Math.max(1, rate / 2);
      }
    }
    int budget = Math.max(maxSteps, steps.size() + 1); // at least one bisection after a long climb
    while (steps.size() < budget && best != null && failed != null
        && failed.linesPerSecond() > best.linesPerSecond() * 1.15) {
      long mid = (best.linesPerSecond() + failed.linesPerSecond()) / 2;
      RateStep s = step(mid);
      if (s.sustained()) {
        best = s;
      } else {
        failed = s;
      }
    }
    return new Result(List.copyOf(steps), best, failed);
  }

  private RateStep step(long linesPerSecond) throws InterruptedException {
    System.err.printf("bench: %s at %,d lines/s%n", workload.label(), linesPerSecond);
    RateStep s = TallyJob.searchStep(context, workload, linesPerSecond, sink, warmUp, judged);
    System.err.println("bench:   " + s.describe());
    steps.add(s);
    return s;
  }
}
