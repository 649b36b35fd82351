package dev.tally.fn;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-record path: parses the lines of one partition and sums their events per key in one pass,
 * so only one partial metric per key (plus rejects) leaves the partition. Each key's running partial
 * is a {@code long[]} laid out {@code [count, sum0, sum1, ...]}: no object per event.
 *
 * <p>Pure Java, no Spark: {@link ParseAndCombine} drives it inside a task.
 */
public final class PartitionCombiner implements EventHandler {
  private final LineParser parser;
  private final String input;
  private final int partition;
  private final int maxRejectRaw;
  private final int width;
  private final Map<String, long[]> partials = new HashMap<>();
  private final List<PartitionOutput> rejects = new ArrayList<>();

  private int lineIndex;
  private String currentLine;
  private long lines;

  public PartitionCombiner(LineParser parser, String input, int partition, int maxRejectRaw) {
    this.parser = parser;
    this.input = input;
    this.partition = partition;
    this.maxRejectRaw = maxRejectRaw;
    this.width = parser.valueCount() + 1;
  }

  public void accept(String line) {
    currentLine = line;
    parser.parse(line, this);
    lines++;
    lineIndex++;
  }

  @Override
  public void event(String key, long[] values) {
    long[] partial = partials.get(key);
    if (partial == null) {
      partial = new long[width];
      partials.put(key, partial);
    }
    partial[0]++;
    for (int i = 0; i < values.length; i++) {
      partial[i + 1] = Math.addExact(partial[i + 1], values[i]);
    }
  }

  @Override
  public void reject(String reason) {
    String raw = currentLine.length() <= maxRejectRaw ? currentLine : currentLine.substring(0, maxRejectRaw);
    rejects.add(new Reject(input, Reject.position(partition, lineIndex), reason, raw));
  }

  /** The partition's rejects, then one partial metric per key, then its {@link PartitionCounts}. */
  public List<PartitionOutput> result() {
    List<PartitionOutput> out = new ArrayList<>(rejects.size() + partials.size() + 1);
    out.addAll(rejects);
    for (Map.Entry<String, long[]> e : partials.entrySet()) {
      out.add(new KeyedMetric(e.getKey(), Metric.fromAccumulator(e.getValue())));
    }
    out.add(new PartitionCounts(lines, rejects.size()));
    return out;
  }
}
