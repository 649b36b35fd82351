package dev.tally.audit;

import dev.tally.model.Metric;
import java.util.HashMap;
import java.util.Map;

/**
 * Per key, an event count and exact fixed-point sums, as one {@code long[]} laid out
 * {@code [count, sum0, sum1, ...]} (the layout Tally's own combiner uses): no object per event.
 * A key whose count and sums all return to zero is dropped, as Tally's windows drop it.
 */
final class KeyedSums {
  private final int width;
  private final Map<String, long[]> sums = new HashMap<>();

  /** @param valueCount value fields per event */
  KeyedSums(int valueCount) {
    this.width = valueCount + 1;
  }

  /** One event of {@code key} with these values (the array is not kept). */
  void addEvent(String key, long[] values) {
    long[] s = sums.get(key);
    if (s == null) {
      s = new long[width];
      sums.put(key, s);
    }
    s[0]++;
    for (int i = 0; i < values.length; i++) {
      s[i + 1] += values[i];
    }
  }

  /** Adds ({@code sign} 1) or subtracts ({@code sign} -1) all of {@code other}. */
  void addAll(KeyedSums other, int sign) {
    for (Map.Entry<String, long[]> e : other.sums.entrySet()) {
      add(e.getKey(), e.getValue(), sign);
    }
  }

  /** Adds or subtracts one key's count-then-sums. */
  void add(String key, long[] countThenSums, int sign) {
    long[] s = sums.get(key);
    if (s == null) {
      s = new long[width];
      sums.put(key, s);
    }
    boolean zero = true;
    for (int i = 0; i < width; i++) {
      s[i] += sign * countThenSums[i];
      zero &= s[i] == 0;
    }
    if (zero) {
      sums.remove(key);
    }
  }

  /** The key's count-then-sums, or null; not to be changed. */
  long[] get(String key) {
    return sums.get(key);
  }

  Map<String, long[]> entries() {
    return sums;
  }

  boolean isEmpty() {
    return sums.isEmpty();
  }

  /** A copy as metrics, by key. */
  Map<String, Metric> toMetrics() {
    Map<String, Metric> out = new HashMap<>(sums.size() * 2);
    sums.forEach((key, s) -> out.put(key, Metric.fromAccumulator(s)));
    return out;
  }

  static boolean isZero(long[] countThenSums) {
    for (long v : countThenSums) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
