package dev.tally.bench.streaming;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/** Percentiles and trends of per-batch measurements. */
public final class Stats {
  private Stats() {}

  /** Nearest-rank percentile (p in 0..100): with 10 values, p99 is the largest. */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Least-squares slope of {@code values} against their index (units per batch). */
  public static double slope(double[] values) {
    int n = values.length;
    if (n < 2) {
      return 0;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = Arrays.stream(values).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (values[i] - meanY);
      den += (i - meanX) * (i - meanX);
    }
    return num / den;
  }

  public static double[] of(List<BatchTimes> batches, ToLongFunction<BatchTimes> field) {
    return batches.stream().mapToDouble(b -> field.applyAsLong(b)).toArray();
  }

  public static double median(double[] values) {
    return percentile(values, 50);
  }
}
