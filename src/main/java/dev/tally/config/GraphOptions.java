package dev.tally.config;

import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options that shape the DStream graph (batch, windows, line format, running totals), checked:
 * shared by every subsystem (inputs parse with the format, sinks lay out its value fields), so they
 * are read here, in {@code config/}.
 */
public final class GraphOptions {
  private GraphOptions() {}

  public static GraphSettings of(OptionValues v) throws ConfigException {
    long batchMs = v.duration(Option.BATCH);
    if (batchMs <= 0) {
      throw new ConfigException(Option.BATCH.id(), "must be positive");
    }
    List<WindowSpec> windows = windows(v, batchMs);

    long ttlMs = v.duration(Option.STATE_TTL);
    if (ttlMs != 0 && ttlMs < batchMs) {
      throw new ConfigException(Option.STATE_TTL.id(), "must be 0 (never evict) or at least the batch interval");
    }
    long checkpointIntervalMs = v.duration(Option.CHECKPOINT_INTERVAL);
    if (checkpointIntervalMs <= 0 || checkpointIntervalMs % batchMs != 0) {
      throw new ConfigException(Option.CHECKPOINT_INTERVAL.id(), "must be a positive multiple of the batch interval "
          + Durations.format(batchMs));
    }
    ParserSpec parser = parser(v);
    int maxRaw = v.intIn(Option.MAX_REJECT_RAW, 1, 64 * 1024 * 1024);
    int partitions = v.intIn(Option.PARTITIONS, 1, 100_000);
    TotalsOperator totalsOperator;
    try {
      totalsOperator = TotalsOperator.parse(v.get(Option.TOTALS_OPERATOR));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.TOTALS_OPERATOR.id(), e.getMessage());
    }
    GraphSettings settings = new GraphSettings(batchMs, windows, ttlMs, partitions, checkpointIntervalMs, parser,
        maxRaw, v.bool(Option.SEED_TOTALS)).withPlainWindowSlices(v.intIn(Option.PLAIN_WINDOW_SLICES, 0, 1_000_000))
        .withTotalsOperator(totalsOperator);
    List<WindowSpec> eventWindows = eventWindows(v);
    if (eventWindows.isEmpty()) {
      return settings;
    }
    long delayMs = v.duration(Option.WATERMARK);
    return settings.withEventWindows(eventWindows, delayMs);
  }

  /**
   * The event-time windows. Event time, event windows and a watermark go together: one without the
   * others would be ignored, so it is refused.
   */
  private static List<WindowSpec> eventWindows(OptionValues v) throws ConfigException {
    List<WindowSpec> windows = new ArrayList<>();
    for (String w : v.all(Option.EVENT_WINDOW)) {
      WindowSpec spec;
      try {
        spec = WindowSpec.parse(w);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.EVENT_WINDOW.id(), e.getMessage());
      }
      if (spec.slideMs() > spec.lengthMs() || spec.lengthMs() % spec.slideMs() != 0) {
        throw new ConfigException(Option.EVENT_WINDOW.id(), w + ": the slide " + Durations.format(spec.slideMs())
            + " does not divide the length " + Durations.format(spec.lengthMs()));
      }
      if (windows.contains(spec)) {
        throw new ConfigException(Option.EVENT_WINDOW.id(), w + ": given twice");
      }
      windows.add(spec);
    }
    if (windows.isEmpty() && v.given(Option.EVENT_TIME)) {
      throw new ConfigException(Option.EVENT_TIME.id(), "has no use without --event-window LENGTH/SLIDE");
    }
    if (windows.isEmpty() && v.given(Option.WATERMARK)) {
      throw new ConfigException(Option.WATERMARK.id(), "has no use without --event-window LENGTH/SLIDE");
    }
    if (!windows.isEmpty() && !v.given(Option.EVENT_TIME)) {
      throw new ConfigException(Option.EVENT_WINDOW.id(), "needs --event-time FIELD or --event-time kafka");
    }
    if (!windows.isEmpty() && v.duration(Option.WATERMARK) < 0) {
      throw new ConfigException(Option.WATERMARK.id(), "must not be negative");
    }
    return windows;
  }

  private static List<WindowSpec> windows(OptionValues v, long batchMs) throws ConfigException {
    List<WindowSpec> windows = new ArrayList<>();
    Set<WindowSpec> seen = new HashSet<>();
    for (String w : v.all(Option.WINDOW)) {
      WindowSpec spec;
      try {
        spec = WindowSpec.parse(w);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.WINDOW.id(), e.getMessage());
      }
      String batch = Durations.format(batchMs);
      if (spec.lengthMs() % batchMs != 0) {
        throw new ConfigException(Option.WINDOW.id(), w + ": length " + Durations.format(spec.lengthMs())
            + " is not a multiple of the batch interval " + batch);
      }
      if (spec.slideMs() % batchMs != 0) {
        throw new ConfigException(Option.WINDOW.id(), w + ": slide " + Durations.format(spec.slideMs())
            + " is not a multiple of the batch interval " + batch);
      }
      if (spec.slideMs() > spec.lengthMs()) {
        throw new ConfigException(Option.WINDOW.id(), w + ": slide is longer than the window, so events between windows would be missed");
      }
      if (!seen.add(spec)) {
        throw new ConfigException(Option.WINDOW.id(), w + ": given twice");
      }
      windows.add(spec);
    }
    return windows;
  }

  /** How lines become events: the format, its fields and the limits on a line. */
  private static ParserSpec parser(OptionValues v) throws ConfigException {
    InputFormat format;
    try {
      format = InputFormat.parse(v.get(Option.FORMAT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.FORMAT.id(), "'" + v.get(Option.FORMAT) + "' is not one of text, csv, json");
    }
    String key = v.get(Option.KEY).trim();
    if (key.isEmpty()) {
      throw new ConfigException(Option.KEY.id(), "must not be empty");
    }
    List<String> valueFields = v.list(Option.VALUES);
    List<String> csvColumns = v.list(Option.CSV_COLUMNS);
    if (format == InputFormat.TEXT && (!valueFields.isEmpty() || !csvColumns.isEmpty())) {
      throw new ConfigException(valueFields.isEmpty() ? Option.CSV_COLUMNS.id() : Option.VALUES.id(),
          "has no meaning with --format text (every word counts 1)");
    }
    char delimiter = v.delimiter();
    int decimals = v.intIn(Option.DECIMALS, 0, 9);
    int maxLine = v.intIn(Option.MAX_LINE_LENGTH, 1, 64 * 1024 * 1024);
    int maxKey = v.intIn(Option.MAX_KEY_LENGTH, 1, 512);
    String eventTime = v.given(Option.EVENT_TIME) ? v.get(Option.EVENT_TIME).trim() : null;
    if (eventTime != null && eventTime.isEmpty()) {
      throw new ConfigException(Option.EVENT_TIME.id(), "must name a field, or be kafka");
    }
    if (eventTime != null && !eventTime.equals(ParserSpec.KAFKA_TIMESTAMP) && format == InputFormat.TEXT) {
      throw new ConfigException(Option.EVENT_TIME.id(), "a field needs --format csv or json (text lines have no fields)");
    }
    if (ParserSpec.KAFKA_TIMESTAMP.equals(eventTime) && (!v.all(Option.SOCKET).isEmpty()
        || v.get(Option.INPUT_DIR) != null || v.get(Option.GENERATE) != null)) {
      throw new ConfigException(Option.EVENT_TIME.id(), "kafka takes the Kafka record timestamp: every input must "
          + "be Kafka (name a field of the line instead)");
    }
    try {
      if (eventTime != null && !eventTime.equals(ParserSpec.KAFKA_TIMESTAMP) && format == InputFormat.CSV) {
        // Checked here so that the message names --event-time, not --csv-columns.
        new ParserSpec(format, key, valueFields, csvColumns, delimiter, decimals, maxLine, maxKey);
      }
      return new ParserSpec(format, key, valueFields, csvColumns, delimiter, decimals, maxLine, maxKey, eventTime);
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().contains("event time") ? Option.EVENT_TIME.id()
          : e.getMessage().contains("CSV columns") ? Option.CSV_COLUMNS.id()
          : e.getMessage().contains("delimiter") ? Option.CSV_DELIMITER.id() : Option.VALUES.id();
      throw new ConfigException(option, e.getMessage());
    }
  }
}
