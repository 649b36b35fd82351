package dev.tally.bench.streaming;

import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.input.InputSource;
import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.List;
import java.util.Locale;

/**
 * The workload for Tally's real graph: generated lines ({@code csv} {@code k123,45.67,3}
 * over {@code keys} keys, or {@code text} lines of words), one 30 s / 5 s window, running totals,
 * on 1 s batches with Tally's defaults (4 partitions, 10 s checkpoints, 4 decimals, TTL 24 h).
 */
public record Workload(String label, String tablePrefix, ParserSpec parser, int keys) {
  public static final long BATCH_MS = 1000;
  public static final WindowSpec WINDOW = new WindowSpec(30_000, 5_000);
  public static final int PARTITIONS = 4;
  public static final long SEED = 20_240_601L;
  public static final int GENERATED_PARTITIONS = 2;

  public static ParserSpec csvParser() {
    return new ParserSpec(InputFormat.CSV, "key", List.of("cost", "clicks"), List.of(), ',', 4, 65_536, 512);
  }

  public static Workload csv(int keys) {
    return new Workload("csv, " + keysLabel(keys), "f_csv_" + keys, csvParser(), keys);
  }

  /** The word count: 4 words a line, each a key. */
  public static Workload text(int keys) {
    return new Workload("text word count, " + keysLabel(keys), "f_text_" + keys, ParserSpec.text(), keys);
  }

  public static String keysLabel(int keys) {
    return keys >= 1_000_000 ? keys / 1_000_000 + "M keys" : keys / 1_000 + "k keys";
  }

  public boolean text() {
    return parser.format() == InputFormat.TEXT;
  }

  public GenerateSpec spec(long linesPerSecond) {
    return GenerateSpec.parse(String.format(Locale.ROOT, "rate=%d,keys=%d,seed=%d,partitions=%d", linesPerSecond,
        keys, SEED, GENERATED_PARTITIONS));
  }

  /** Events in one line: each word of a text line, one per csv line. */
  public int eventsPerLine() {
    return text() ? spec(1).wordsPerLine() : 1;
  }

  public InputSource input(long linesPerSecond) {
    return new GeneratedInput(spec(linesPerSecond), parser);
  }

  /** Tally's graph settings for this workload, with or without the window. */
  public GraphSettings settings(boolean window, long ttlMs) {
    return new GraphSettings(BATCH_MS, window ? List.of(WINDOW) : List.of(), ttlMs, PARTITIONS, 10_000, parser, 1024,
        false);
  }
}
