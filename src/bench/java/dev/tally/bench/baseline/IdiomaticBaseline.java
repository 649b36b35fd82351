package dev.tally.bench.baseline;

import dev.tally.model.Metric;
import dev.tally.model.TotalState;
import java.util.HashMap;
import java.util.Map;

/**
 * The way most hand-written Java does it: {@code String.split}, {@code Double.parseDouble} (rounded
 * to hundredths, exact for two-decimal input, as Tally's 2 decimals apply to every value field), an
 * immutable value per event merged into {@code HashMap}s.
 */
final class IdiomaticBaseline extends SingleThreadBaseline<Map<String, Metric>> {
  private final Map<String, Metric> window = new HashMap<>();
  private final Map<String, TotalState> totals = new HashMap<>();
  private long rejects;

  IdiomaticBaseline(int windowBatches, int slideBatches) {
    super(windowBatches, slideBatches);
  }

  @Override
  protected Map<String, Metric> combine(java.util.List<String> lines) {
    Map<String, Metric> aggregate = new HashMap<>();
    for (String line : lines) {
      String[] fields = line.split(",");
      if (fields.length != 3) {
        rejects++;
        continue;
      }
      try {
        long v1 = Math.round(Double.parseDouble(fields[1].trim()) * 100);
        long v2 = Math.round(Double.parseDouble(fields[2].trim()) * 100);
        aggregate.merge(fields[0].trim(), Metric.of(1, v1, v2), Metric::plus);
      } catch (NumberFormatException e) {
        rejects++;
      }
    }
    return aggregate;
  }

  @Override
  protected long events(Map<String, Metric> aggregate) {
    return aggregate.values().stream().mapToLong(Metric::count).sum();
  }

  @Override
  protected void addToTotals(Map<String, Metric> aggregate, long batchTimeMs) {
    aggregate.forEach((key, metric) -> totals.merge(key, TotalState.ofBatch(metric, batchTimeMs), TotalState::plus));
  }

  @Override
  protected void addToWindow(Map<String, Metric> aggregate) {
    aggregate.forEach((key, metric) -> window.merge(key, metric, Metric::plus));
  }

  @Override
  protected void subtractFromWindow(Map<String, Metric> aggregate) {
    aggregate.forEach((key, metric) -> window.merge(key, metric, (old, leaving) -> {
      Metric left = old.minus(leaving);
      return left.isZero() ? null : left; // null removes the key
    }));
  }

  @Override
  protected long rejects() {
    return rejects;
  }

  @Override
  protected long windowKeys() {
    return window.size();
  }

  @Override
  protected long totalKeys() {
    return totals.size();
  }

  @Override
  protected long checksum() {
    long sum = 0;
    for (Map.Entry<String, Metric> e : window.entrySet()) {
      Metric m = e.getValue();
      sum += e.getKey().hashCode() * (m.count() + 31 * m.sum(0) + 961 * m.sum(1));
    }
    for (Map.Entry<String, TotalState> e : totals.entrySet()) {
      Metric m = e.getValue().metric();
      sum += 7 * e.getKey().hashCode()
          * (m.count() + 31 * m.sum(0) + 961 * m.sum(1) + e.getValue().firstSeenMs() + e.getValue().lastSeenMs());
    }
    return sum;
  }
}
