package dev.tally.bench.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * CSV lines {@code key,v1,v2}: keys {@code k0..k<keys-1>} drawn uniformly, {@code v1} a decimal with
 * two places (0.00..99.99), {@code v2} an integer (0..999). Each batch has its own seeded random.
 */
public final class CsvLines implements LineSource {
  private final int keys;
  private final int linesPerBatch;
  private final long seed;

  public CsvLines(int keys, int linesPerBatch, long seed) {
    this.keys = keys;
    this.linesPerBatch = linesPerBatch;
    this.seed = seed;
  }

  @Override
  public List<String> batch(int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    List<String> lines = new ArrayList<>(linesPerBatch);
    StringBuilder line = new StringBuilder(32);
    for (int i = 0; i < linesPerBatch; i++) {
      int cents = random.nextInt(10_000);
      line.setLength(0);
      line.append('k').append(random.nextInt(keys)).append(',')
          .append(cents / 100).append('.').append((char) ('0' + cents / 10 % 10)).append((char) ('0' + cents % 10))
          .append(',').append(random.nextInt(1000));
      lines.add(line.toString());
    }
    return lines;
  }

  public int keys() {
    return keys;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "CSV key,v1,v2 (v1 2 decimals, v2 integer), %,d keys uniform, %,d lines per batch",
        keys, linesPerBatch);
  }
}
