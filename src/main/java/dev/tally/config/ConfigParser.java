package dev.tally.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads flags and an optional properties file into {@link OptionValues}: the file/flag merge of the
 * shared option table. The subsystems check their own options from them; every problem is a {@link
 * ConfigException} naming the option, raised before anything starts.
 */
public final class ConfigParser {
  /** The environment variable holding the database password. */
  public static final String PASSWORD_ENV = "TALLY_JDBC_PASSWORD";

  private ConfigParser() {}

  public static boolean wantsHelp(String[] args) {
    return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
  }

  /** True when only a check of the configuration is asked for (deploy/cluster.sh runs it before a submit). */
  public static boolean wantsCheckOnly(String[] args) {
    return Arrays.asList(args).contains("--" + Option.CHECK_CONFIG.id());
  }

  /**
   * Reads the flags and the properties file they name, merged (flags win), with the master
   * spark-submit set ({@code submittedMaster}, null if none) and the environment {@code env}
   * ({@value #PASSWORD_ENV} is read from it). Refuses what is malformed whatever the option
   * (unknown names, missing values, options given twice); each subsystem checks its own values.
   */
  public static OptionValues read(String[] args, String submittedMaster, Map<String, String> env)
      throws ConfigException {
    Map<String, String> sparkConf = new LinkedHashMap<>();
    Map<Option, List<String>> given = readFlags(args, sparkConf);
    if (given.containsKey(Option.CONFIG)) {
      Map<String, String> cliSpark = new LinkedHashMap<>(sparkConf);
      sparkConf.clear();
      Map<Option, List<String>> fromFile = readFile(single(given, Option.CONFIG), sparkConf);
      List<String> kafkaProperties = new ArrayList<>(fromFile.getOrDefault(Option.KAFKA_PROPERTY, List.of()));
      kafkaProperties.addAll(given.getOrDefault(Option.KAFKA_PROPERTY, List.of())); // merged by key, flags last
      fromFile.putAll(given); // flags win
      if (!kafkaProperties.isEmpty()) {
        fromFile.put(Option.KAFKA_PROPERTY, kafkaProperties);
      }
      given = fromFile;
      sparkConf.putAll(cliSpark);
    }
    return new OptionValues(given, sparkConf, submittedMaster, env);
  }

  private static Map<Option, List<String>> readFlags(String[] args, Map<String, String> sparkConf)
      throws ConfigException {
    Map<Option, List<String>> given = new EnumMap<>(Option.class);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException(arg.replaceFirst("^-+", ""), "unexpected argument '" + arg + "' (see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = Option.byId(name);
      if (name.equals("jdbc-password")) {
        throw new ConfigException(name, "passwords are never flags (ps would show them): set "
            + PASSWORD_ENV + " or use --jdbc-password-file");
      }
      if (option == null) {
        throw new ConfigException(name, "unknown option (see --help)");
      }
      if (option == Option.UNTIL_CAUGHT_UP) { // a flag, which a config file can also set (until-caught-up=true)
        given.put(option, List.of(value == null ? "true" : value));
        continue;
      }
      if (!option.takesValue()) {
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length || isOption(args[i + 1])) {
          throw new ConfigException(name, "needs a value: " + option.argument());
        }
        value = args[++i];
      }
      if (option == Option.KAFKA_PROPERTY && value.indexOf('=') <= 0) {
        throw new ConfigException(name, "'" + value.replaceAll("=.*", "=...") + "' is not KEY=VALUE");
      }
      if (option == Option.CONF) {
        int split = value.indexOf('=');
        if (split <= 0) {
          throw new ConfigException(name, "'" + value + "' is not KEY=VALUE");
        }
        sparkConf.put(value.substring(0, split).trim(), value.substring(split + 1).trim());
        continue;
      }
      List<String> values = given.computeIfAbsent(option, o -> new ArrayList<>());
      if (!option.repeatable() && !values.isEmpty()) {
        throw new ConfigException(name, "given twice");
      }
      values.add(value);
    }
    return given;
  }

  /** True for {@code --NAME} or {@code --NAME=...} naming a known option: never taken as another option's value. */
  private static boolean isOption(String arg) {
    if (!arg.startsWith("--")) {
      return false;
    }
    int eq = arg.indexOf('=');
    return Option.byId(eq < 0 ? arg.substring(2) : arg.substring(2, eq)) != null;
  }

  private static Map<Option, List<String>> readFile(String file, Map<String, String> sparkConf)
      throws ConfigException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(Option.CONFIG.id(), "cannot read " + file + ": " + e.getMessage());
    }
    Map<Option, List<String>> values = new EnumMap<>(Option.class);
    for (String key : props.stringPropertyNames()) {
      String value = props.getProperty(key).trim();
      if (key.startsWith("spark.")) {
        sparkConf.put(key, value);
        continue;
      }
      if (key.startsWith("kafka.")) {
        values.computeIfAbsent(Option.KAFKA_PROPERTY, o -> new ArrayList<>()).add(key.substring(6) + "=" + value);
        continue;
      }
      Option option = Option.byId(key);
      if (option == null || option == Option.CONFIG || option == Option.HELP || option == Option.CHECK_CONFIG || option == Option.CONF) {
        throw new ConfigException(Option.CONFIG.id(), "unknown key '" + key + "' in " + file);
      }
      List<String> list = new ArrayList<>();
      if (option.repeatable()) {
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
      } else {
        list.add(value);
      }
      values.put(option, list);
    }
    return values;
  }

  private static String single(Map<Option, List<String>> given, Option option) {
    return given.get(option).get(0);
  }
}
