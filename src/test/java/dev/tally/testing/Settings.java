package dev.tally.testing;

import dev.tally.config.GraphSettings;
import dev.tally.config.TotalsOperator;
import dev.tally.config.WindowSpec;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.List;

/** Graph settings for tests: 1 s batches, 2 partitions, a long checkpoint interval unless set. */
public final class Settings {
  private long batchMs = 1000;
  private final List<WindowSpec> windows = new ArrayList<>();
  private long ttlMs = 0;
  private long checkpointIntervalMs = 100_000;
  private ParserSpec parser = ParserSpec.text();
  private int plainWindowSlices = GraphSettings.DEFAULT_PLAIN_WINDOW_SLICES;
  private TotalsOperator totalsOperator = TotalsOperator.UPDATE_STATE_BY_KEY;
  private final List<WindowSpec> eventWindows = new ArrayList<>();
  private long watermarkMs;

  public static Settings batches(long batchMs) {
    Settings s = new Settings();
    s.batchMs = batchMs;
    return s;
  }

  public Settings window(String spec) {
    windows.add(WindowSpec.parse(spec));
    return this;
  }

  public Settings ttlMs(long ttlMs) {
    this.ttlMs = ttlMs;
    return this;
  }

  public Settings checkpointIntervalMs(long ms) {
    this.checkpointIntervalMs = ms;
    return this;
  }

  /** Windows of at most {@code slices} slices summed afresh; 0: every window inverse-reduced. */
  public Settings plainWindowSlices(int slices) {
    this.plainWindowSlices = slices;
    return this;
  }

  /** Running totals kept by {@code operator}. */
  public Settings totals(TotalsOperator operator) {
    this.totalsOperator = operator;
    return this;
  }

  /** CSV lines {@code key,v1,v2,...} with the given value fields and decimals. */
  public Settings csv(int decimals, String... valueFields) {
    this.parser = new ParserSpec(InputFormat.CSV, "key", List.of(valueFields), List.of(), ',', decimals, 1000, 64);
    return this;
  }

  /**
   * CSV lines {@code key,v1,...,ts} with the event time in the last column, event-time windows and a
   * watermark delay.
   */
  public Settings eventTime(long watermarkMs, String... windowSpecs) {
    List<String> values = this.parser.valueFields();
    List<String> columns = new ArrayList<>();
    columns.add("key");
    columns.addAll(values);
    columns.add("ts");
    this.parser = new ParserSpec(InputFormat.CSV, "key", values, columns, ',', parser.decimals(), 1000, 64, "ts");
    for (String w : windowSpecs) {
      eventWindows.add(WindowSpec.parse(w));
    }
    this.watermarkMs = watermarkMs;
    return this;
  }

  /** Event-time windows over the Kafka record timestamps, and a watermark delay. */
  public Settings eventTimeFromKafka(long watermarkMs, String... windowSpecs) {
    this.parser = new ParserSpec(parser.format(), "key", parser.valueFields(), List.of(), ',', parser.decimals(), 1000,
        64, ParserSpec.KAFKA_TIMESTAMP);
    for (String w : windowSpecs) {
      eventWindows.add(WindowSpec.parse(w));
    }
    this.watermarkMs = watermarkMs;
    return this;
  }

  public GraphSettings build() {
    GraphSettings settings = new GraphSettings(batchMs, windows, ttlMs, 2, checkpointIntervalMs, parser, 200)
        .withPlainWindowSlices(plainWindowSlices).withTotalsOperator(totalsOperator);
    return eventWindows.isEmpty() ? settings : settings.withEventWindows(eventWindows, watermarkMs);
  }
}
