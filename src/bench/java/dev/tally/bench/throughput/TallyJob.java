package dev.tally.bench.throughput;

import dev.tally.bench.BenchContext;
import dev.tally.bench.streaming.BatchTimes;
import dev.tally.bench.streaming.StreamingRun;
import dev.tally.bench.streaming.Workload;
import dev.tally.graph.TallyGraph;
import dev.tally.runtime.DriverRuntime;
import dev.tally.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs Tally's real graph ({@link TallyGraph#build}, as {@code GraphFactory} calls it) with the
 * generated input at one rate on wall-clock 1 s batches, on the shared local[2] context, writing to
 * {@code sink}; returns the batches after the warm-up. The graph is built on a context made from the
 * shared Spark context (a JVM holds one), not through {@code GraphFactory}, whose context would
 * create a second one; the checkpoint fingerprint it also writes is not part of a batch's cost.
 */
public final class TallyJob {
  private TallyJob() {}

  /** Stops a step early when the scheduling delay passes this many batches: it cannot be sustained. */
  private static final int MAX_BACKLOG_BATCHES = 5;

  static RateStep run(BenchContext context, Workload workload, long linesPerSecond, boolean window, Sink sink,
      int warmUp, int judged) throws InterruptedException {
    return run(context, workload, linesPerSecond, window, sink, warmUp, judged, MAX_BACKLOG_BATCHES, false);
  }

  /**
   * A step of the rate search: also stops at the first judged batch that took the whole interval,
   * which already decides that the rate is not sustained ({@link RateStep#sustained()}).
   */
  static RateStep searchStep(BenchContext context, Workload workload, long linesPerSecond, Sink sink, int warmUp,
      int judged) throws InterruptedException {
    return run(context, workload, linesPerSecond, true, sink, warmUp, judged, MAX_BACKLOG_BATCHES, true);
  }

  /** The same; {@code maxBacklogBatches} {@code Integer.MAX_VALUE} measures every batch however late. */
  public static RateStep run(BenchContext context, Workload workload, long linesPerSecond, boolean window, Sink sink,
      int warmUp, int judged, int maxBacklogBatches) throws InterruptedException {
    return run(context, workload, linesPerSecond, window, sink, warmUp, judged, maxBacklogBatches, false);
  }

  private static RateStep run(BenchContext context, Workload workload, long linesPerSecond, boolean window, Sink sink,
      int warmUp, int judged, int maxBacklogBatches, boolean stopAtOverrun) throws InterruptedException {
    DriverRuntime runtime = DriverRuntime.start(sink);
    long batchMs = Workload.BATCH_MS;
    long events = linesPerSecond * workload.eventsPerLine();
    List<BatchTimes> kept = new ArrayList<>();
    String abort = null;
    try (StreamingRun run = new StreamingRun(context, batchMs, false)) {
      TallyGraph.build(run.jssc(), workload.settings(window, 86_400_000L), List.of(workload.input(linesPerSecond)),
          runtime.sink());
      run.start();
      int seen = 0;
      while (kept.size() < judged) {
        BatchTimes b = run.recorder().next(120_000);
        if (b == null) {
          abort = "no batch completed within two minutes";
          break;
        }
        if (b.failed()) {
          abort = "an output of batch " + b.batchTimeMs() + " failed";
          break;
        }
        if (seen++ >= warmUp) {
          kept.add(b);
          if (stopAtOverrun && b.processingMs() >= batchMs) {
            abort = String.format(Locale.ROOT, "batch %d after the warm-up took %d ms, not below the interval",
                kept.size(), b.processingMs());
            break;
          }
        }
        // A fresh context's first batches are slow (class loading, connections): during the warm-up only a
        // much larger backlog stops the step; after it, maxBacklogBatches.
        long limit = (long) maxBacklogBatches * batchMs * (seen > warmUp ? 1 : 6);
        if (maxBacklogBatches != Integer.MAX_VALUE && b.schedulingMs() > limit) {
          abort = String.format(Locale.ROOT, "scheduling delay %d ms after %d batches (processing %d ms)",
              b.schedulingMs(), seen, b.processingMs());
          break;
        }
      }
    }
    return new RateStep(linesPerSecond, events, kept, abort, batchMs);
  }
}
