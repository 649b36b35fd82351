package dev.tally.config;

import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final int plainWindowSlices;
  private final TotalsOperator totalsOperator;
  private final List<WindowSpec> eventWindows;
  private final long watermarkDelayMs;

  /**
   * Up to how many slices a window is summed afresh rather than inverse-reduced: bench figure 4 (10k keys,
   * 50k events a batch, 2 cores) measured the plain form cheaper at 12 slices (274 vs 302 ms) and the
   * inverse one at 48 (294 vs 654 ms); interpolated, they cross at about 14.
   */
  public static final int DEFAULT_PLAIN_WINDOW_SLICES = 12;

  public GraphSettings(long batchMs, List<WindowSpec> windows, long stateTtlMs, int partitions,
      long checkpointIntervalMs, ParserSpec parser, int maxRejectRaw) {
    this(batchMs, windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw, true);
  }

  public GraphSettings(long batchMs, List<WindowSpec> windows, long stateTtlMs, int partitions,
      long checkpointIntervalMs, ParserSpec parser, int maxRejectRaw, boolean seedTotals) {
    this(batchMs, windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw, seedTotals,
        DEFAULT_PLAIN_WINDOW_SLICES, TotalsOperator.UPDATE_STATE_BY_KEY, List.of(), 0);
  }

  private GraphSettings(long batchMs, List<WindowSpec> windows, long stateTtlMs, int partitions,
      long checkpointIntervalMs, ParserSpec parser, int maxRejectRaw, boolean seedTotals, int plainWindowSlices,
      TotalsOperator totalsOperator, List<WindowSpec> eventWindows, long watermarkDelayMs) {
    this.batchMs = batchMs;
    this.windows = List.copyOf(windows);
    this.stateTtlMs = stateTtlMs;
    this.partitions = partitions;
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.parser = Objects.requireNonNull(parser, "parser");
    this.maxRejectRaw = maxRejectRaw;
    this.seedTotals = seedTotals;
    this.plainWindowSlices = plainWindowSlices;
    this.totalsOperator = Objects.requireNonNull(totalsOperator, "totalsOperator");
    this.eventWindows = List.copyOf(eventWindows);
    this.watermarkDelayMs = watermarkDelayMs;
    if (!this.eventWindows.isEmpty() && !parser.hasEventTime()) {
      throw new IllegalArgumentException("event-time windows need an event time in the parser");
    }
  }

  /** These settings with windows of at most {@code slices} slices summed afresh (0: every window inverse-reduced). */
  public GraphSettings withPlainWindowSlices(int slices) {
    if (slices < 0) {
      throw new IllegalArgumentException("plain window slices must be >= 0");
    }
    return new GraphSettings(batchMs, windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw,
        seedTotals, slices, totalsOperator, eventWindows, watermarkDelayMs);
  }

  /** These settings with the running totals kept by {@code operator}. */
  public GraphSettings withTotalsOperator(TotalsOperator operator) {
    return new GraphSettings(batchMs, windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw,
        seedTotals, plainWindowSlices, operator, eventWindows, watermarkDelayMs);
  }

  /**
   * These settings with event-time windows (the parser must read an event time) and the watermark
   * delay: how far the watermark stays behind the largest event time seen.
   */
  public GraphSettings withEventWindows(List<WindowSpec> windows, long delayMs) {
    if (delayMs < 0) {
      throw new IllegalArgumentException("the watermark delay must be >= 0");
    }
    return new GraphSettings(batchMs, this.windows, stateTtlMs, partitions, checkpointIntervalMs, parser, maxRejectRaw,
        seedTotals, plainWindowSlices, totalsOperator, windows, delayMs);
  }

  /** The event-time windows; empty when events have no time. */
  public List<WindowSpec> eventWindows() {
    return eventWindows;
  }

  /** How far the watermark stays behind the largest event time seen. */
  public long watermarkDelayMs() {
    return watermarkDelayMs;
  }

  /** The DStream operator that keeps the running totals. */
  public TotalsOperator totalsOperator() {
    return totalsOperator;
  }

  /** Windows of at most this many slices are summed afresh at each slide; longer ones are inverse-reduced. */
  public int plainWindowSlices() {
    return plainWindowSlices;
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

  /**
   * The settings as the options that give them, in option order, each as a user would write it (for
   * the checkpoint fingerprint). Parser fields the format ignores are left out, so that changing
   * them is not reported as a difference.
   */
  public Map<String, String> byOption() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(Option.BATCH.id(), Durations.format(batchMs));
    values.put(Option.FORMAT.id(), parser.format().id());
    if (parser.format() != InputFormat.TEXT) {
      values.put(Option.KEY.id(), parser.keyField());
      values.put(Option.VALUES.id(), String.join(",", parser.valueFields()));
      if (parser.format() == InputFormat.CSV) {
        values.put(Option.CSV_COLUMNS.id(), String.join(",", parser.csvColumns()));
        values.put(Option.CSV_DELIMITER.id(), parser.csvDelimiter() == '\t' ? "\\t" : String.valueOf(parser.csvDelimiter()));
      }
      values.put(Option.DECIMALS.id(), String.valueOf(parser.decimals()));
    }
    values.put(Option.WINDOW.id(), String.join(",", windows.stream().map(WindowSpec::id).toList()));
    if (!eventWindows.isEmpty()) { // only then: a checkpoint without event time keeps its fingerprint
      values.put(Option.EVENT_TIME.id(), parser.eventTimeField());
      values.put(Option.EVENT_WINDOW.id(), String.join(",", eventWindows.stream().map(WindowSpec::id).toList()));
      values.put(Option.WATERMARK.id(), Durations.format(watermarkDelayMs));
    }
    values.put(Option.PLAIN_WINDOW_SLICES.id(), String.valueOf(plainWindowSlices));
    values.put(Option.STATE_TTL.id(), Durations.format(stateTtlMs));
    values.put(Option.TOTALS_OPERATOR.id(), totalsOperator.id());
    values.put(Option.PARTITIONS.id(), String.valueOf(partitions));
    values.put(Option.CHECKPOINT_INTERVAL.id(), Durations.format(checkpointIntervalMs));
    values.put(Option.MAX_LINE_LENGTH.id(), String.valueOf(parser.maxLineLength()));
    values.put(Option.MAX_KEY_LENGTH.id(), String.valueOf(parser.maxKeyLength()));
    values.put(Option.MAX_REJECT_RAW.id(), String.valueOf(maxRejectRaw));
    return values;
  }

  @Override
  public String toString() {
    return "batch=" + Durations.format(batchMs) + " windows=" + windows + " plainWindowSlices=" + plainWindowSlices
        + " ttl=" + Durations.format(stateTtlMs) + " totals=" + totalsOperator.id()
        + " partitions=" + partitions + " checkpointInterval=" + Durations.format(checkpointIntervalMs)
        + " format=" + parser
        + (eventWindows.isEmpty() ? "" : " eventWindows=" + eventWindows + " watermark=" + Durations.format(watermarkDelayMs));
  }
}
