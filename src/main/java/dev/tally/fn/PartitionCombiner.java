package dev.tally.fn;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-record path: parses the lines of one partition and sums their events per key in one pass,
 * so only one partial metric per key (plus rejects) leaves the partition. Each key's running partial
 * is a row {@code [count, sum0, sum1, ...]} in a {@link KeyTable}: no object per event, and no String
 * per event for a key already seen.
 *
 * <p>Pure Java, no Spark: {@link ParseAndCombine} drives it inside a task.
 */
public final class PartitionCombiner implements EventHandler {
  private final LineParser parser;
  private final String input;
  private final int partition;
  private final int maxRejectRaw;
  private final KeyTable partials;
  private final List<PartitionOutput> rejects = new ArrayList<>();

  private int lineIndex;
  private String currentLine;
  private long lines;

  public PartitionCombiner(LineParser parser, String input, int partition, int maxRejectRaw) {
    this.parser = parser;
    this.input = input;
    this.partition = partition;
    this.maxRejectRaw = maxRejectRaw;
    this.partials = new KeyTable(parser.valueCount() + 1);
  }

  public void accept(String line) {
    currentLine = line;
    parser.parse(line, this);
    lines++;
    lineIndex++;
  }

  @Override
  public void event(String key, long[] values) {
    event(key, 0, key.length(), values);
  }

  @Override
  public void event(String line, int keyStart, int keyEnd, long[] values) {
    int row = partials.rowOf(line, keyStart, keyEnd);
    long[] rows = partials.rows();
    for (int i = 0; i < values.length; i++) {
      long sum = rows[row + 1 + i] + values[i];
      if (((rows[row + 1 + i] ^ sum) & (values[i] ^ sum)) < 0) {
        // Checked before anything is added, so the line is either counted whole or rejected whole
        // (a key seen first here cannot overflow: its row is zero).
        reject("the sum of value field " + (i + 1) + " for key '" + line.substring(keyStart, keyEnd)
            + "' would overflow");
        return;
      }
    }
    rows[row]++;
    for (int i = 0; i < values.length; i++) {
      rows[row + 1 + i] += values[i];
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
    int width = parser.valueCount() + 1;
    partials.forEach((key, rows, row) -> out.add(new KeyedMetric(key, Metric.fromAccumulator(rows, row, width))));
    out.add(new PartitionCounts(lines, rejects.size()));
    return out;
  }
}
