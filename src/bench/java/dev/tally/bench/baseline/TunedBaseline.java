package dev.tally.bench.baseline;

import dev.tally.checkpointed.PartitionCombiner;
import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tally's own per-partition code ({@link PartitionCombiner} over the CSV parser) makes each batch's
 * aggregate; window and totals are updated in place in {@code long[]} per key, no object per event.
 */
final class TunedBaseline extends SingleThreadBaseline<List<KeyedMetric>> {
  private static final ParserSpec CSV = new ParserSpec(InputFormat.CSV, "key", List.of("v1", "v2"), List.of(), ',',
      2, 65_536, 512);
  private static final int WIDTH = 3; // count, v1, v2

  private final Map<String, long[]> window = new HashMap<>();
  private final Map<String, long[]> totals = new HashMap<>(); // count, v1, v2, first seen, last seen
  private long rejects;

  TunedBaseline(int windowBatches, int slideBatches) {
    super(windowBatches, slideBatches);
  }

  @Override
  protected List<KeyedMetric> combine(List<String> lines) {
    PartitionCombiner combiner = new PartitionCombiner(CSV.newParser(), 1024);
    long lineNumber = 0;
    for (String line : lines) {
      combiner.accept("bench", ++lineNumber, line);
    }
    List<PartitionOutput> out = combiner.result();
    List<KeyedMetric> aggregate = new ArrayList<>(out.size());
    for (PartitionOutput o : out) {
      if (o instanceof KeyedMetric k) {
        aggregate.add(k);
      } else if (o instanceof Reject) {
        rejects++;
      } else if (!(o instanceof PartitionCounts)) {
        throw new IllegalStateException("unexpected output " + o);
      }
    }
    return aggregate;
  }

  @Override
  protected long events(List<KeyedMetric> aggregate) {
    long n = 0;
    for (KeyedMetric k : aggregate) {
      n += k.metric().count();
    }
    return n;
  }

  @Override
  protected void addToTotals(List<KeyedMetric> aggregate, long batchTimeMs) {
    for (KeyedMetric k : aggregate) {
      long[] total = totals.get(k.key());
      if (total == null) {
        total = new long[WIDTH + 2];
        total[WIDTH] = batchTimeMs;
        totals.put(k.key(), total);
      }
      add(total, k.metric(), 1);
      total[WIDTH + 1] = batchTimeMs;
    }
  }

  @Override
  protected void addToWindow(List<KeyedMetric> aggregate) {
    for (KeyedMetric k : aggregate) {
      add(window.computeIfAbsent(k.key(), key -> new long[WIDTH]), k.metric(), 1);
    }
  }

  @Override
  protected void subtractFromWindow(List<KeyedMetric> aggregate) {
    for (KeyedMetric k : aggregate) {
      long[] value = window.get(k.key());
      add(value, k.metric(), -1);
      if (value[0] == 0 && value[1] == 0 && value[2] == 0) {
        window.remove(k.key());
      }
    }
  }

  private static void add(long[] into, Metric m, int sign) {
    into[0] = Math.addExact(into[0], sign * m.count());
    into[1] = Math.addExact(into[1], sign * m.sum(0));
    into[2] = Math.addExact(into[2], sign * m.sum(1));
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
    for (Map.Entry<String, long[]> e : window.entrySet()) {
      long[] v = e.getValue();
      sum += e.getKey().hashCode() * (v[0] + 31 * v[1] + 961 * v[2]);
    }
    for (Map.Entry<String, long[]> e : totals.entrySet()) {
      long[] v = e.getValue();
      sum += 7 * e.getKey().hashCode() * (v[0] + 31 * v[1] + 961 * v[2] + v[3] + v[4]);
    }
    return sum;
  }
}
