package dev.tally.bench.state;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Figure;
import dev.tally.bench.FigureResult;
import dev.tally.bench.Point;
import dev.tally.bench.ReadmeTable;
import dev.tally.bench.jar.JarRateFigure;
import dev.tally.bench.Samples;
import dev.tally.bench.streaming.BatchTimes;
import dev.tally.bench.streaming.StreamingRun;
import dev.tally.bench.streaming.Workload;
import dev.tally.config.GraphSettings;
import dev.tally.config.TotalsOperator;
import dev.tally.graph.TallyGraph;
import dev.tally.runtime.DriverRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.util.SizeEstimator;
import scala.reflect.ClassTag$;

/**
 * Figure 6: memory and batch time of the running totals as their state grows, then shrinks under the
 * TTL, for each operator that keeps them. Tally's real graph (TallyGraph.build, no window, running totals with a TTL of T batches) reads
 * an input that brings S new keys in each of its first G batches and nothing after, on a manual clock:
 * the state grows to G x S keys, and from batch T + 1 on the TTL evicts S keys a batch.
 *
 * <p>After each batch, on the driver: heap in use after two full GCs minus the same before the
 * context started (in local mode the driver and the executors are one JVM, so this is both); the
 * bytes the block manager holds for the state RDD (updateStateByKey caches it serialized); and Spark's
 * SizeEstimator of a sample of deserialized entries (what a task holds while it updates the state).
 */
public final class StateFigure implements Figure {
  static final String HEAP = "heap after GC, per key (driver = executor JVM)";
  static final String CACHED = "cached state RDD, per key (serialized)";
  static final String ESTIMATED = "deserialized entry (SizeEstimator)";
  static final String ALL_CACHED = "all cached RDDs, per key (every remembered generation)";
  private static final int SAMPLE = 2_000;

  @Override
  public String id() {
    return "6";
  }

  @Override
  public String title() {
    return "Running-total state: memory per key and batch time as keys grow, with TTL eviction";
  }

  /** Peak keys per operator; published: Spark's state map at the 10M keys, the default operator at 1M. */
  static final String DEFAULT_PLAN = "updateStateByKey:1m,mapWithState:1m";
  static final String PUBLISHED_PLAN = "updateStateByKey:1m,mapWithState:10m";

  @Override
  public FigureResult run(BenchContext context) throws Exception {
    List<Point> points = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<ReadmeTable.Row> rows = new ArrayList<>();
    String plan = System.getProperty("bench.state.plan", "");
    if (plan.isBlank()) {
      plan = Boolean.getBoolean("bench.publish") ? PUBLISHED_PLAN : DEFAULT_PLAN;
    }
    for (String step : plan.split(",")) {
      String[] f = step.trim().split(":");
      if (f.length != 2) {
        throw new IllegalArgumentException("bench.state.plan: a step is operator:keys, not " + step);
      }
      measure(context, TotalsOperator.parse(f[0]), JarRateFigure.count(f[1]), points, notes, rows);
    }
    notes.add("Heap: used after two System.gc() minus the same before the context started; it also holds the "
        + "state RDDs Spark remembers (two checkpoint intervals of them) and the cached per-batch aggregates, so it "
        + "overstates one state's size. Cached: the block manager's memory size of the latest state RDD "
        + "(updateStateByKey: serialized; mapWithState: live objects, as SizeEstimator sizes them). "
        + "All cached: every RDD the block manager holds: Spark remembers a checkpointed stream's RDDs for twice "
        + "its checkpoint interval (here 20 batches of state, plus the per-batch aggregates), so "
        + "memory is about that many generations of the state, not one (mapWithState's generations share "
        + "their unchanged entries). SizeEstimator (updateStateByKey): a sample of " + SAMPLE
        + " (key, TotalState) entries read from the cache.");
    return new FigureResult(id(), title(), "batch (keys grow, then the TTL evicts them)", "bytes per key in the state", "bytes/key",
        FigureResult.Chart.LINE, ESTIMATED, points, notes, rows);
  }

  private void measure(BenchContext context, TotalsOperator operator, long peakKeysWanted, List<Point> points,
      List<String> notes, List<ReadmeTable.Row> rows) throws Exception {
    boolean quick = context.quick();
    boolean mapWithState = operator == TotalsOperator.MAP_WITH_STATE;
    String suffix = mapWithState ? " — mapWithState" : "";
    int growth = quick ? 5 : 10;
    long perBatch = quick ? 60_000 : peakKeysWanted / growth;
    int ttlBatches = growth + 1;
    // Eviction starts at batch ttl + 1; past batch 10 the first state checkpoint lets Spark drop
    // the generations it remembered for recovery, each once 2 checkpoint intervals (20 batches) old.
    int batches = quick ? 24 : 34;
    Workload w = Workload.csv(1);
    GraphSettings settings = new GraphSettings(Workload.BATCH_MS, List.of(), ttlBatches * Workload.BATCH_MS,
        Workload.PARTITIONS, 10_000, w.parser(), 1024, false).withTotalsOperator(operator);
    StateProbeSink sink = new StateProbeSink();
    DriverRuntime runtime = DriverRuntime.start(sink);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    context.spark(); // the context exists before the baseline
    long baseline = heapAfterGc(memory);
    List<String> steps = new ArrayList<>();
    double bytesAtPeak = Double.NaN;
    double cachedAtPeak = Double.NaN;
    long peakKeys = 0;
    long slowestMs = 0;
    String slowest = "";
    try (StreamingRun run = new StreamingRun(context, Workload.BATCH_MS, true)) {
      TallyGraph.build(run.jssc(), settings, List.of(new KeyRangeInput(perBatch, growth, Workload.PARTITIONS)),
          runtime.sink());
      run.start();
      for (int b = 1; b <= batches; b++) {
        BatchTimes t = run.runBatch();
        StateProbeSink.Observed o = sink.last();
        long heap = heapAfterGc(memory) - baseline;
        long cached = cachedBytes(context, o.state().id());
        long allCached = allCachedBytes(context);
        double estimated = mapWithState ? Double.NaN : estimatePerEntry(o);
        steps.add(String.format(Locale.ROOT, "batch %d: %,d keys, %,d changed, %d ms, heap +%.0f MiB, state %.0f MiB, "
            + "all cached %.0f MiB", b, o.keys(), o.changed(), t.processingMs(), heap / 1048576.0, cached / 1048576.0,
            allCached / 1048576.0));
        System.err.println("bench: " + operator.id() + " " + steps.get(steps.size() - 1));
        if (t.processingMs() > slowestMs) {
          slowestMs = t.processingMs();
          slowest = String.format(Locale.ROOT, "batch %d (%,d keys%s)", b, o.keys(),
              b % 10 == 0 ? ", a state checkpoint" : "");
        }
        if (o.keys() > 0) {
          String label = String.format(Locale.ROOT, "%,d keys (batch %d)", o.keys(), b);
          points.add(one(HEAP + suffix, b, label, (double) heap / o.keys()));
          if (cached > 0) {
            points.add(one((mapWithState ? "cached state RDD, per key (live objects)" : CACHED) + suffix, b, label,
                (double) cached / o.keys()));
          }
          points.add(one(ALL_CACHED + suffix, b, label, (double) allCached / o.keys()));
          if (!Double.isNaN(estimated)) {
            points.add(one(ESTIMATED, b, label, estimated));
          }
        }
        if (o.keys() >= peakKeys && o.keys() > 0) {
          peakKeys = o.keys();
          bytesAtPeak = (double) heap / o.keys();
          cachedAtPeak = cached > 0 ? (double) cached / o.keys() : Double.NaN;
        }
      }
    }
    notes.add(String.format(Locale.ROOT, "%s: TallyGraph.build with no window and running totals (TTL %d batches = %d s), "
        + "%d partitions, checkpoints every 10 s, on %s with a manual clock; %,d new keys in each of batches 1..%d, "
        + "none after: the state peaks at %,d keys and the TTL evicts from batch %d%s.", operator.id(), ttlBatches,
        ttlBatches, Workload.PARTITIONS, BenchContext.MASTER, perBatch, growth, perBatch * growth, ttlBatches + 1,
        mapWithState ? " (mapWithState frees evicted keys at its state checkpoints, every 10 batches)" : ""));
    notes.add(operator.id() + " per batch: " + String.join("; ", steps) + ".");
    notes.add(String.format(Locale.ROOT, "%s at the peak (%,d keys): one cached state %.0f bytes/key; heap after GC "
        + "%.0f bytes/key (target <= 150 at 10M keys: %s here).", operator.id(), peakKeys, cachedAtPeak, bytesAtPeak,
        bytesAtPeak <= 150 ? "met" : "NOT met"));
    rows.add(new ReadmeTable.Row("6", String.format(Locale.ROOT, "running totals, `%s`, state grown to %,d keys "
        + "(real graph, manual clock, %,d new keys a batch)", operator.id(), peakKeys, perBatch),
        String.format(Locale.ROOT, "heap after GC %.0f bytes/key; one cached state %.0f bytes/key; slowest batch %,d ms, "
            + "%s", bytesAtPeak, cachedAtPeak, slowestMs, slowest),
        peakKeys >= 10_000_000 ? String.format(Locale.ROOT, "≤ 150 bytes/key at 10M keys: %s; checkpoints never push a "
            + "batch over the %,d ms interval: %s", bytesAtPeak <= 150 ? "met" : "**NOT met**", Workload.BATCH_MS,
            slowestMs <= Workload.BATCH_MS ? "met" : "**NOT met** (slowest " + slowest + ")")
            : "(the trade-off between the operators)"));
    System.gc(); // the next figure's JVMs need the memory this one held
  }

  private static Point one(String series, double x, String label, double y) {
    return Point.of(series, x, label, new Samples(new double[] {y}));
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long allCachedBytes(BenchContext context) {
    long sum = 0;
    for (RDDInfo info : context.spark().sc().getRDDStorageInfo()) {
      sum += info.memSize();
    }
    return sum;
  }

  private static long cachedBytes(BenchContext context, int rddId) {
    for (RDDInfo info : context.spark().sc().getRDDStorageInfo()) {
      if (info.id() == rddId) {
        return info.memSize();
      }
    }
    return 0;
  }

  /** Bytes per deserialized entry of a sample of the state (the list's own array is left out). */
  private static double estimatePerEntry(StateProbeSink.Observed o) {
    if (o.keys() == 0) {
      return Double.NaN;
    }
    @SuppressWarnings("unchecked")
    JavaRDD<Object> state = new JavaRDD<>((org.apache.spark.rdd.RDD<Object>) o.state(),
        ClassTag$.MODULE$.apply(Object.class));
    List<Object> sample = new ArrayList<>(state.take(SAMPLE));
    long all = SizeEstimator.estimate(sample);
    long empty = SizeEstimator.estimate(new ArrayList<>(sample.size()));
    return (double) (all - empty) / sample.size();
  }
}
