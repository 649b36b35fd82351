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
    for (int i = 0; i < values.length; i++) {
      long sum = partial[i + 1] + values[i];
      if (((partial[i + 1] ^ sum) & (values[i] ^ sum)) < 0) {
        // Checked before anything is added, so the line is either counted whole or rejected whole.
        reject("the sum of value field " + (i + 1) + " for key '" + key + "' would overflow");
        return;
      }
    }
    partial[0]++;
    for (int i = 0; i < values.length; i++) {
      partial[i + 1] += values[i];
    }
  }

  @Override
  public void reject(String reason) {
    rejects.add(new Reject(input, Reject.position(partition, lineIndex), reason, truncate(currentLine, maxRejectRaw)));
  }

  /** The first {@code max} characters, never splitting a surrogate pair. */
  static String truncate(String line, int max) {
    if (line.length() <= max) {
      return line;
    }
    int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
    return line.substring(0, end);
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
