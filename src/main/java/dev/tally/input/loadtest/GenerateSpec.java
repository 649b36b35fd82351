package dev.tally.input.loadtest;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.config.ConfigException;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.parse.ParserSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code --generate} asks for, parsed and range-checked: lines per second, the key space, the
 * seed, the number of partitions, words per text line and the fraction of malformed lines.
 *
 * @param ratePerSecond lines per second (for text, each line holds {@code words} events)
 * @param keys distinct keys, {@code k0} to {@code k<keys-1>}
 * @param partitions partitions of each batch's lines; 0 for {@code spark.default.parallelism} (else 2)
 * @param words words per text line; 0 when not given (4 for text, refused for csv)
 * @param malformedPpm malformed lines in millionths of all lines
 */
public record GenerateSpec(long ratePerSecond, int keys, long seed, int partitions, int words, int malformedPpm) {
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
      spec.events(parser); // the generated lines must suit the job's format and limits
      return spec;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.GENERATE.id(), e.getMessage());
    }
  }

  /**
   * Parses {@code rate=N[/s][,keys=N][,seed=N][,partitions=N|auto][,words=N][,malformed=F]}; rate and
   * keys take a k (thousand) or m (million) suffix. Messages say what is wrong, without the option.
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
      if (!name.matches("rate|keys|seed|partitions|words|malformed")) {
        throw new IllegalArgumentException("unknown setting '" + name
            + "' (rate, keys, seed, partitions, words, malformed)");
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
    int malformed = given.containsKey("malformed") ? millionths(given.get("malformed")) : 0;
    return new GenerateSpec(rate, keys, seed, partitions, words, malformed);
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
  private static int millionths(String text) {
    BigDecimal fraction;
    try {
      fraction = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed '" + text + "' is not a fraction 0..1 (e.g. 0.01)");
    }
    if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("malformed " + text + " is not a fraction 0..1");
    }
    BigDecimal ppm = fraction.movePointRight(6);
    if (ppm.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("malformed " + text + " is finer than a millionth");
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
    return GeneratedEvents.of(ratePerSecond, keys, seed, words, wordsPerLine(), malformedPpm, parser);
  }

  /** Words per text line. */
  public int wordsPerLine() {
    return words > 0 ? words : DEFAULT_WORDS;
  }

  /** The malformed fraction as written, e.g. {@code 0.01}. */
  public String malformedText() {
    return BigDecimal.valueOf(malformedPpm, 6).stripTrailingZeros().toPlainString();
  }

  /** All settings, defaults included, as the option reads them (for the checkpoint fingerprint). */
  public String describe(boolean text) {
    return "rate=" + ratePerSecond + "/s,keys=" + keys + ",seed=" + seed + ",partitions="
        + (partitions > 0 ? String.valueOf(partitions) : "auto") + (text ? ",words=" + wordsPerLine() : "")
        + ",malformed=" + malformedText();
  }
}
