package dev.tally.input.loadtest;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.config.ConfigException;
import dev.tally.config.Durations;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.parse.ParserSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code --generate} asks for, parsed and range-checked: lines per second, the key space, the
 * seed, the number of partitions, words per text line, the fraction of malformed lines, and the
 * fraction of lines whose event time is out of order and by how much at most.
 *
 * @param ratePerSecond lines per second (for text, each line holds {@code words} events)
 * @param keys distinct keys, {@code k0} to {@code k<keys-1>}
 * @param partitions partitions of each batch's lines; 0 for {@code spark.default.parallelism} (else 2)
 * @param words words per text line; 0 when not given (4 for text, refused for csv)
 * @param malformedPpm malformed lines in millionths of all lines
 * @param outOfOrderPpm lines stamped out of order, in millionths of all lines (with {@code --event-time FIELD})
 * @param outOfOrderByMs how much earlier at most such a line is stamped; 0 when not given (then half the
 *     watermark delay, see {@link #of})
 */
public record GenerateSpec(long ratePerSecond, int keys, long seed, int partitions, int words, int malformedPpm,
    int outOfOrderPpm, long outOfOrderByMs) {
  public static final int DEFAULT_KEYS = 10_000;
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_WORDS = 4;
  public static final long MAX_RATE = 1_000_000_000L;
  public static final int MAX_KEYS = 1_000_000_000;
  public static final int MAX_PARTITIONS = 100_000;
  public static final int MAX_WORDS = 100;
  static final int PPM = GeneratedEvents.PPM;

  public GenerateSpec {
    if (ratePerSecond < 1 || ratePerSecond > MAX_RATE) {
      throw new IllegalArgumentException("rate " + ratePerSecond + " is outside 1.." + MAX_RATE);
    }
    if (keys < 1 || keys > MAX_KEYS) {
      throw new IllegalArgumentException("keys " + keys + " is outside 1.." + MAX_KEYS);
    }
    if (partitions < 0 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException("partitions " + partitions + " is outside 1.." + MAX_PARTITIONS);
    }
    if (words < 0 || words > MAX_WORDS) {
      throw new IllegalArgumentException("words " + words + " is outside 1.." + MAX_WORDS);
    }
    if (malformedPpm < 0 || malformedPpm > PPM) {
      throw new IllegalArgumentException("malformed must be a fraction 0..1");
    }
    if (outOfOrderPpm < 0 || outOfOrderPpm > PPM) {
      throw new IllegalArgumentException("out-of-order must be a fraction 0..1");
    }
    if (outOfOrderByMs < 0) {
      throw new IllegalArgumentException("out-of-order-by must not be negative");
    }
  }

  /** Lines in order (or without an event time). */
  public GenerateSpec(long ratePerSecond, int keys, long seed, int partitions, int words, int malformedPpm) {
    this(ratePerSecond, keys, seed, partitions, words, malformedPpm, 0, 0);
  }

  /**
   * The generated input the options ask for ({@code --generate}), checked against the job's format
   * and limits ({@code parser}); null when none is asked for.
   */
  public static GenerateSpec of(OptionValues v, ParserSpec parser) throws ConfigException {
    String text = v.get(Option.GENERATE);
    if (text == null) {
      return null;
    }
    try {
      GenerateSpec spec = parse(text);
      if (spec.outOfOrderByMs > 0 && spec.outOfOrderPpm == 0) {
        throw new IllegalArgumentException("out-of-order-by has no use without out-of-order=F");
      }
      if (spec.outOfOrderPpm > 0 && parser.eventTimeInLine()) {
        spec = spec.outOfOrderWithin(v.duration(Option.WATERMARK));
      }
      spec.events(parser); // the generated lines must suit the job's format and limits
      return spec;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.GENERATE.id(), e.getMessage());
    }
  }

  /**
   * This spec with out-of-order lines that stay on time under a watermark {@code watermarkDelayMs} behind:
   * stamped at most out-of-order-by earlier, by default half the delay, and refused beyond the delay
   * (a batch's watermark is at most the previous batch's time minus the delay, so those stay above it).
   */
  GenerateSpec outOfOrderWithin(long watermarkDelayMs) {
    long by = outOfOrderByMs > 0 ? outOfOrderByMs : watermarkDelayMs / 2;
    if (by < 1) {
      throw new IllegalArgumentException("out-of-order needs a --watermark of at least 2ms (the events would be late)");
    }
    if (by > watermarkDelayMs) {
      throw new IllegalArgumentException("out-of-order-by " + Durations.format(by) + " is longer than --watermark "
          + Durations.format(watermarkDelayMs) + " (the events could be late)");
    }
    return new GenerateSpec(ratePerSecond, keys, seed, partitions, words, malformedPpm, outOfOrderPpm, by);
  }

  /**
   * Parses {@code rate=N[/s][,keys=N][,seed=N][,partitions=N|auto][,words=N][,malformed=F][,out-of-order=F]
   * [,out-of-order-by=DURATION]}; rate and keys take a k (thousand) or m (million) suffix. Messages say
   * what is wrong, without the option.
   */
  public static GenerateSpec parse(String text) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      String item = part.trim();
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + item + "' is not NAME=VALUE (e.g. rate=10000,keys=1000)");
      }
      String name = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (!name.matches("rate|keys|seed|partitions|words|malformed|out-of-order|out-of-order-by")) {
        throw new IllegalArgumentException("unknown setting '" + name
            + "' (rate, keys, seed, partitions, words, malformed, out-of-order, out-of-order-by)");
      }
      if (given.put(name, item.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(name + " given twice");
      }
    }
    if (!given.containsKey("rate")) {
      throw new IllegalArgumentException("rate=N (lines per second) is required");
    }
    String rateText = given.get("rate");
    if (rateText.endsWith("/s")) {
      rateText = rateText.substring(0, rateText.length() - 2);
    }
    long rate = count("rate", rateText, MAX_RATE);
    int keys = given.containsKey("keys") ? (int) count("keys", given.get("keys"), MAX_KEYS) : DEFAULT_KEYS;
    long seed = DEFAULT_SEED;
    if (given.containsKey("seed")) {
      try {
        seed = Long.parseLong(given.get("seed"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("seed '" + given.get("seed") + "' is not a whole number");
      }
    }
    int partitions = 0;
    String partitionsText = given.getOrDefault("partitions", "auto");
    if (!partitionsText.equals("auto")) {
      partitions = (int) count("partitions", partitionsText, MAX_PARTITIONS);
    }
    int words = given.containsKey("words") ? (int) count("words", given.get("words"), MAX_WORDS) : 0;
    int malformed = given.containsKey("malformed") ? millionths("malformed", given.get("malformed")) : 0;
    int outOfOrder = given.containsKey("out-of-order") ? millionths("out-of-order", given.get("out-of-order")) : 0;
    long outOfOrderBy = 0;
    if (given.containsKey("out-of-order-by")) {
      try {
        outOfOrderBy = Durations.parseMs(given.get("out-of-order-by"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("out-of-order-by " + e.getMessage());
      }
      if (outOfOrderBy < 1) {
        throw new IllegalArgumentException("out-of-order-by must be at least 1ms");
      }
    }
    return new GenerateSpec(rate, keys, seed, partitions, words, malformed, outOfOrder, outOfOrderBy);
  }

  /** A positive whole number, with an optional k or m suffix, at most {@code max}. */
  private static long count(String name, String text, long max) {
    long unit = 1;
    String digits = text;
    if (text.endsWith("k") || text.endsWith("K")) {
      unit = 1_000;
      digits = text.substring(0, text.length() - 1);
    } else if (text.endsWith("m") || text.endsWith("M")) {
      unit = 1_000_000;
      digits = text.substring(0, text.length() - 1);
    }
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a whole number");
    }
    if (value < 1 || value > max / unit) {
      throw new IllegalArgumentException(name + " " + text + " is outside 1.." + max);
    }
    return value * unit;
  }

  /** A fraction 0..1 as millionths; finer fractions are refused rather than silently rounded. */
  private static int millionths(String name, String text) {
    BigDecimal fraction;
    try {
      fraction = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a fraction 0..1 (e.g. 0.01)");
    }
    if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(name + " " + text + " is not a fraction 0..1");
    }
    BigDecimal ppm = fraction.movePointRight(6);
    if (ppm.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(name + " " + text + " is finer than a millionth");
    }
    return ppm.intValueExact();
  }

  /** Partitions when given; else {@code defaultParallelism}. */
  public int partitionsOr(int defaultParallelism) {
    return partitions > 0 ? partitions : defaultParallelism;
  }

  /**
   * The generator of these lines in the job's format: {@link IllegalArgumentException} when the
   * format cannot be generated or would reject valid lines.
   */
  public GeneratedEvents events(ParserSpec parser) {
    return GeneratedEvents.of(ratePerSecond, keys, seed, words, wordsPerLine(), malformedPpm, outOfOrderPpm,
        outOfOrderByMs, parser);
  }

  /** Words per text line. */
  public int wordsPerLine() {
    return words > 0 ? words : DEFAULT_WORDS;
  }

  /** The malformed fraction as written, e.g. {@code 0.01}. */
  public String malformedText() {
    return BigDecimal.valueOf(malformedPpm, 6).stripTrailingZeros().toPlainString();
  }

  /**
   * All settings, defaults included, as the option reads them (for the checkpoint fingerprint); the
   * out-of-order settings only when lines are out of order, so that a spec without them reads as before.
   */
  public String describe(boolean text) {
    return "rate=" + ratePerSecond + "/s,keys=" + keys + ",seed=" + seed + ",partitions="
        + (partitions > 0 ? String.valueOf(partitions) : "auto") + (text ? ",words=" + wordsPerLine() : "")
        + ",malformed=" + malformedText()
        + (outOfOrderPpm > 0 ? ",out-of-order=" + BigDecimal.valueOf(outOfOrderPpm, 6).stripTrailingZeros().toPlainString()
            + ",out-of-order-by=" + Durations.format(outOfOrderByMs) : "");
  }
}
