package dev.tally.model;

import java.util.Arrays;

/**
 * A running total as the {@code mapWithState} operator holds it: one {@code long[]} per key, laid out
 * {@code [activeAtMs, firstSeenMs, lastSeenMs, count, sum0, sum1, ...]}. One primitive array instead of
 * a {@link TotalState}, its {@link Metric} and the metric's sums array: at millions of keys the state's
 * heap and the time to checkpoint it are mostly per-object overhead.
 *
 * <p>{@code activeAtMs} is the batch time the key last received input (its own events, or the seed
 * a new checkpoint starts from). The TTL runs from it; {@code lastSeenMs} is what the table shows.
 *
 * <p>Held arrays are never changed: Spark's state map keeps earlier batches' versions for recomputation.
 */
public final class PackedTotal {
  private static final int ACTIVE_AT = 0;
  private static final int FIRST_SEEN = 1;
  private static final int LAST_SEEN = 2;
  private static final int COUNT = 3;

  private PackedTotal() {}

  /** {@code total}, received at batch time {@code activeAtMs}. */
  public static long[] of(TotalState total, long activeAtMs) {
    Metric metric = total.metric();
    long[] held = new long[COUNT + 1 + metric.sumCount()];
    held[ACTIVE_AT] = activeAtMs;
    held[FIRST_SEEN] = total.firstSeenMs();
    held[LAST_SEEN] = total.lastSeenMs();
    held[COUNT] = metric.count();
    for (int i = 0; i < metric.sumCount(); i++) {
      held[COUNT + 1 + i] = metric.sum(i);
    }
    return held;
  }

  /** A new array: {@code held} plus {@code later}, received at batch time {@code activeAtMs}. */
  public static long[] plus(long[] held, TotalState later, long activeAtMs) {
    Metric metric = later.metric();
    if (held.length != COUNT + 1 + metric.sumCount()) {
      throw new IllegalArgumentException("a total of " + (held.length - COUNT - 1) + " value fields cannot take one of "
          + metric.sumCount());
    }
    long[] sum = new long[held.length];
    sum[ACTIVE_AT] = activeAtMs;
    sum[FIRST_SEEN] = Math.min(held[FIRST_SEEN], later.firstSeenMs());
    sum[LAST_SEEN] = Math.max(held[LAST_SEEN], later.lastSeenMs());
    sum[COUNT] = Math.addExact(held[COUNT], metric.count());
    for (int i = 0; i < metric.sumCount(); i++) {
      sum[COUNT + 1 + i] = Math.addExact(held[COUNT + 1 + i], metric.sum(i));
    }
    return sum;
  }

  /** The batch time the key last received input. */
  public static long activeAtMs(long[] held) {
    return held[ACTIVE_AT];
  }

  /** The total as the sink writes it (never idle: idleness is kept as {@link #activeAtMs}). */
  public static TotalState unpack(long[] held) {
    Metric metric = Metric.of(held[COUNT], Arrays.copyOfRange(held, COUNT + 1, held.length));
    return new TotalState(metric, held[FIRST_SEEN], held[LAST_SEEN], 0);
  }
}
