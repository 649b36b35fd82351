package dev.tally.bench.baseline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Figure 2's comparator: what Tally computes per batch, in one plain Java thread. For every batch
 * of lines: parse and combine per key; add the batch to the running totals; keep the batch's
 * aggregate for the window; at every slide add the slide's new batches to the sliding window and
 * subtract the batches that left it, dropping keys that returned to zero (as Tally's inverse
 * {@code reduceByKeyAndWindow} with its filter does). Counts events and keys written per batch.
 *
 * <p>Not modelled: the totals' idle-key TTL (no key idles for a whole TTL within a run) and output.
 *
 * @param <A> a batch's aggregate in this variant's representation
 */
public abstract class SingleThreadBaseline<A> {
  private final int windowBatches;
  private final int slideBatches;

  /** Windows in batches: Tally's 30 s / 5 s over 1 s batches is {@code (30, 5)}. */
  protected SingleThreadBaseline(int windowBatches, int slideBatches) {
    if (windowBatches % slideBatches != 0) {
      throw new IllegalArgumentException("the window must be a multiple of the slide");
    }
    this.windowBatches = windowBatches;
    this.slideBatches = slideBatches;
  }

  /** The tuned variant: Tally's parser and per-partition combiner, mutable {@code long[]} state. */
  public static SingleThreadBaseline<?> tuned(int windowBatches, int slideBatches) {
    return new TunedBaseline(windowBatches, slideBatches);
  }

  /** The idiomatic variant: {@code String.split}, {@code HashMap.merge}, immutable values. */
  public static SingleThreadBaseline<?> idiomatic(int windowBatches, int slideBatches) {
    return new IdiomaticBaseline(windowBatches, slideBatches);
  }

  /** What one run did and a checksum of its final state, equal for every correct variant. */
  public record Result(long events, long rejects, double seconds, long windowKeys, long totalKeys, long checksum) {
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  /**
   * Processes batches {@code 0..count-1}, timing only the computation: {@code batches} must hand out
   * lines already in memory (reading or generating them is not Tally's work being compared).
   */
  public final Result run(IntFunction<List<String>> batches, int count) {
    Deque<A> kept = new ArrayDeque<>(); // newest last: the window plus the slide about to leave
    long events = 0;
    long start = System.nanoTime();
    for (int b = 0; b < count; b++) {
      long batchTimeMs = (b + 1) * 1000L;
      A aggregate = combine(batches.apply(b));
      events += events(aggregate);
      addToTotals(aggregate, batchTimeMs);
      kept.addLast(aggregate);
      if ((b + 1) % slideBatches == 0) {
        List<A> all = new ArrayList<>(kept);
        int n = all.size();
        for (A entering : all.subList(Math.max(0, n - slideBatches), n)) {
          addToWindow(entering);
        }
        for (A leaving : all.subList(0, Math.max(0, n - windowBatches))) {
          subtractFromWindow(leaving);
        }
        while (kept.size() > windowBatches) {
          kept.removeFirst();
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(events, rejects(), seconds, windowKeys(), totalKeys(), checksum());
  }

  protected abstract A combine(List<String> lines);

  protected abstract long events(A aggregate);

  protected abstract void addToTotals(A aggregate, long batchTimeMs);

  protected abstract void addToWindow(A aggregate);

  /** Subtracts, dropping keys whose window value became zero. */
  protected abstract void subtractFromWindow(A aggregate);

  protected abstract long rejects();

  protected abstract long windowKeys();

  protected abstract long totalKeys();

  /** A sum over the window's and the totals' keys and values, order-independent. */
  protected abstract long checksum();
}
