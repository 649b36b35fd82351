package dev.tally.config;

import dev.tally.parse.ParserSpec;
import java.util.List;
import java.util.Objects;

/**
 * The settings that shape the DStream graph. They are frozen in the checkpoint: a recovered job runs
 * with the values it was created with, whatever is passed at restart.
 */
public final class GraphSettings {
  private final long batchMs;
  private final List<WindowSpec> windows;
  private final long stateTtlMs;
  private final int partitions;
  private final long checkpointIntervalMs;
  private final ParserSpec parser;
  private final int maxRejectRaw;
  private final boolean seedTotals;

  public GraphSettings(long batchMs, List<WindowSpec> windows, long stateTtlMs, int partitions,
      long checkpointIntervalMs, ParserSpec parser, int maxRejectRaw) {
    this(batchMs, windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw, true);
  }

  public GraphSettings(long batchMs, List<WindowSpec> windows, long stateTtlMs, int partitions,
      long checkpointIntervalMs, ParserSpec parser, int maxRejectRaw, boolean seedTotals) {
    this.batchMs = batchMs;
    this.windows = List.copyOf(windows);
    this.stateTtlMs = stateTtlMs;
    this.partitions = partitions;
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.parser = Objects.requireNonNull(parser, "parser");
    this.maxRejectRaw = maxRejectRaw;
    this.seedTotals = seedTotals;
  }

  /** Whether a new checkpoint starts its running totals from those the sink stored. */
  public boolean seedTotals() {
    return seedTotals;
  }

  public long batchMs() {
    return batchMs;
  }

  public List<WindowSpec> windows() {
    return windows;
  }

  public long stateTtlMs() {
    return stateTtlMs;
  }

  /** The TTL as whole batches, rounded up; 0 keeps idle keys forever. */
  public int stateTtlBatches() {
    return (int) Math.min(Integer.MAX_VALUE, (stateTtlMs + batchMs - 1) / batchMs);
  }

  public int partitions() {
    return partitions;
  }

  public long checkpointIntervalMs() {
    return checkpointIntervalMs;
  }

  /** The checkpoint interval of a stream sliding every {@code slideMs}: the least multiple of it not below the setting. */
  public long checkpointIntervalFor(long slideMs) {
    long multiples = Math.max(1, (checkpointIntervalMs + slideMs - 1) / slideMs);
    return multiples * slideMs;
  }

  public ParserSpec parser() {
    return parser;
  }

  public int maxRejectRaw() {
    return maxRejectRaw;
  }

  @Override
  public String toString() {
    return "batch=" + Durations.format(batchMs) + " windows=" + windows + " ttl=" + Durations.format(stateTtlMs)
        + " partitions=" + partitions + " checkpointInterval=" + Durations.format(checkpointIntervalMs)
        + " format=" + parser;
  }
}
