package dev.tally.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one start, read from flags and the properties file and merged (flags win): given
 * values over defaults, with typed accessors that name the option on error. Each subsystem reads
 * and checks its own options from here, beside its settings.
 */
public final class OptionValues {
  private final Map<Option, List<String>> given;
  private final Map<String, String> sparkConf;
  private final String submittedMaster;
  private final Map<String, String> env;

  OptionValues(Map<Option, List<String>> given, Map<String, String> sparkConf, String submittedMaster,
      Map<String, String> env) {
    this.given = given;
    this.sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
    this.submittedMaster = submittedMaster;
    this.env = env;
  }

  /** Extra Spark settings: {@code --conf} and the {@code spark.*} keys of the config file (a copy, in order). */
  public Map<String, String> sparkConf() {
    return sparkConf;
  }

  /** The master the job runs with: the one spark-submit set, else {@code --conf spark.master}, else {@code --master}. */
  public String effectiveMaster() {
    return submittedMaster != null ? submittedMaster : sparkConf.getOrDefault("spark.master", get(Option.MASTER));
  }

  /** A variable of the environment the options were read in (the database password's). */
  public String env(String name, String otherwise) {
    return env.getOrDefault(name, otherwise);
  }

  public String get(Option option) {
    List<String> values = given.get(option);
    return values == null || values.isEmpty() ? option.defaultValue() : values.get(0);
  }

  public List<String> all(Option option) {
    List<String> values = given.get(option);
    if (values != null) {
      return values;
    }
    return option.defaultValue() == null ? List.of() : List.of(option.defaultValue());
  }

  /** A comma-separated list; the placeholder defaults mean empty. */
  public List<String> list(Option option) {
    List<String> values = given.get(option);
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        out.add(part.trim());
      }
    }
    return out;
  }

  public boolean given(Option option) {
    return given.containsKey(option) && !given.get(option).isEmpty();
  }

  public boolean bool(Option option) throws ConfigException {
    String text = get(option).trim();
    if (!text.equals("true") && !text.equals("false")) {
      throw new ConfigException(option.id(), "'" + text + "' is not true or false");
    }
    return text.equals("true");
  }

  public long duration(Option option) throws ConfigException {
    try {
      return Durations.parseMs(get(option));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException(option.id(), e.getMessage());
    }
  }

  public int intIn(Option option, int min, int max) throws ConfigException {
    String text = get(option);
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        throw new ConfigException(option.id(), value + " is outside " + min + ".." + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(option.id(), "'" + text + "' is not a whole number");
    }
  }

  public char delimiter() throws ConfigException {
    String text = get(Option.CSV_DELIMITER);
    if (text.equals("\\t") || text.equals("tab")) {
      return '\t';
    }
    if (text.length() != 1) {
      throw new ConfigException(Option.CSV_DELIMITER.id(), "'" + text + "' is not a single character");
    }
    return text.charAt(0);
  }
}
