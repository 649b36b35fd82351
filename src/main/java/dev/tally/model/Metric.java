package dev.tally.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The value Tally aggregates per key: an event count plus one exact sum per configured value field.
 *
 * <p>Sums are fixed-point longs (the configured number of decimals is applied when parsing and
 * printing), so adding a set of events and later subtracting the same events, in any order, returns
 * exactly to zero. That is what lets an inverse sliding window drop a key whose events have all left
 * it. Overflow is an error ({@link ArithmeticException}), never a silently wrong sum.
 *
 * <p>Immutable: Spark may reuse values of a persisted RDD in several reductions.
 */
public final class Metric implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long[] NO_SUMS = new long[0];

  private final long count;
  private final long[] sums;

  private Metric(long count, long[] sums) {
    this.count = count;
    this.sums = sums;
  }

  /** A metric of {@code count} events and no value fields (the word count). */
  public static Metric ofCount(long count) {
    return new Metric(count, NO_SUMS);
  }

  /** A metric with the given sums; the array is copied. */
  public static Metric of(long count, long... sums) {
    return new Metric(count, sums.length == 0 ? NO_SUMS : sums.clone());
  }

  /**
   * Builds a metric from an accumulator laid out as {@code [count, sum0, sum1, ...]}, the layout the
   * per-partition combiner uses to avoid one object per key.
   */
  public static Metric fromAccumulator(long[] countThenSums) {
    long[] sums = countThenSums.length == 1 ? NO_SUMS : Arrays.copyOfRange(countThenSums, 1, countThenSums.length);
    return new Metric(countThenSums[0], sums);
  }

  public long count() {
    return count;
  }

  public int sumCount() {
    return sums.length;
  }

  /** Sum of value field {@code i} in fixed-point units. */
  public long sum(int i) {
    return sums[i];
  }

  public Metric plus(Metric other) {
    checkSameShape(other);
    long[] result = sums.length == 0 ? NO_SUMS : new long[sums.length];
    for (int i = 0; i < sums.length; i++) {
      result[i] = Math.addExact(sums[i], other.sums[i]);
    }
    return new Metric(Math.addExact(count, other.count), result);
  }

  public Metric minus(Metric other) {
    checkSameShape(other);
    long[] result = sums.length == 0 ? NO_SUMS : new long[sums.length];
    for (int i = 0; i < sums.length; i++) {
      result[i] = Math.subtractExact(sums[i], other.sums[i]);
    }
    return new Metric(Math.subtractExact(count, other.count), result);
  }

  /** True when no event is counted and every sum is zero: the key has left the window. */
  public boolean isZero() {
    if (count != 0) {
      return false;
    }
    for (long s : sums) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }

  private void checkSameShape(Metric other) {
    if (other.sums.length != sums.length) {
      throw new IllegalArgumentException(
          "metrics with " + sums.length + " and " + other.sums.length + " value fields cannot be combined");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metric m && m.count == count && Arrays.equals(m.sums, sums);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(count) + Arrays.hashCode(sums);
  }

  @Override
  public String toString() {
    return sums.length == 0 ? "n=" + count : "n=" + count + " sums=" + Arrays.toString(sums);
  }
}
