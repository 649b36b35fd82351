package dev.tally.config;

import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.jdbc.Dialect;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.SqlIdentifiers;
import dev.tally.sink.jdbc.TableNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads flags and an optional properties file into a validated {@link TallyConfig}. Every problem
 * is a {@link ConfigException} naming the option, raised before anything starts.
 */
public final class ConfigParser {
  /** The environment variable holding the database password. */
  public static final String PASSWORD_ENV = "TALLY_JDBC_PASSWORD";

  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private ConfigParser() {}

  public static boolean wantsHelp(String[] args) {
    return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
  }

  /** True when only a check of the configuration is asked for (deploy/cluster.sh runs it before a submit). */
  public static boolean wantsCheckOnly(String[] args) {
    return Arrays.asList(args).contains("--" + Option.CHECK_CONFIG.id());
  }

  /** Parses with the master spark-submit set, if any, taken from the {@code spark.master} system property. */
  public static TallyConfig parse(String... args) throws ConfigException {
    return parse(args, System.getProperty("spark.master"), System.getenv());
  }

  public static TallyConfig parse(String[] args, String submittedMaster) throws ConfigException {
    return parse(args, submittedMaster, System.getenv());
  }

  /** Parses with an explicit environment ({@value #PASSWORD_ENV} is read from it). */
  public static TallyConfig parse(String[] args, String submittedMaster, Map<String, String> env)
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
    return build(new Values(given), sparkConf, submittedMaster, env);
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

  private static TallyConfig build(Values v, Map<String, String> sparkConf, String submittedMaster,
      Map<String, String> env) throws ConfigException {
    String checkpointDir = v.get(Option.CHECKPOINT_DIR);
    if (checkpointDir == null || checkpointDir.isBlank()) {
      throw new ConfigException(Option.CHECKPOINT_DIR.id(), "required: the directory the job keeps its state in and recovers from");
    }
    long batchMs = v.duration(Option.BATCH);
    if (batchMs <= 0) {
      throw new ConfigException(Option.BATCH.id(), "must be positive");
    }

    List<HostPort> sockets = new ArrayList<>();
    for (String s : v.all(Option.SOCKET)) {
      try {
        sockets.add(HostPort.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.SOCKET.id(), e.getMessage());
      }
    }
    KafkaSettings kafka = kafkaSettings(v);
    String inputDir = v.get(Option.INPUT_DIR);
    if (inputDir != null && inputDir.isBlank()) {
      throw new ConfigException(Option.INPUT_DIR.id(), "must not be empty");
    }
    GenerateSpec generate = null;
    if (v.get(Option.GENERATE) != null) {
      try {
        generate = GenerateSpec.parse(v.get(Option.GENERATE));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.GENERATE.id(), e.getMessage());
      }
    }
    if (sockets.isEmpty() && inputDir == null && kafka == null && generate == null) {
      throw new ConfigException(Option.INPUT_DIR.id(), "no input: give --input-dir DIR, --socket HOST:PORT, "
          + "--kafka-bootstrap with --kafka-topics and/or --generate rate=N");
    }

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

    long ttlMs = v.duration(Option.STATE_TTL);
    if (ttlMs != 0 && ttlMs < batchMs) {
      throw new ConfigException(Option.STATE_TTL.id(), "must be 0 (never evict) or at least the batch interval");
    }
    long checkpointIntervalMs = v.duration(Option.CHECKPOINT_INTERVAL);
    if (checkpointIntervalMs <= 0 || checkpointIntervalMs % batchMs != 0) {
      throw new ConfigException(Option.CHECKPOINT_INTERVAL.id(), "must be a positive multiple of the batch interval "
          + Durations.format(batchMs));
    }

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
    int maxRaw = v.intIn(Option.MAX_REJECT_RAW, 1, 64 * 1024 * 1024);
    ParserSpec parser;
    try {
      parser = new ParserSpec(format, key, valueFields, csvColumns, delimiter, decimals, maxLine, maxKey);
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().contains("CSV columns") ? Option.CSV_COLUMNS.id()
          : e.getMessage().contains("delimiter") ? Option.CSV_DELIMITER.id() : Option.VALUES.id();
      throw new ConfigException(option, e.getMessage());
    }
    if (generate != null) {
      try {
        generate.events(parser); // the generated lines must suit the job's format and limits
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.GENERATE.id(), e.getMessage());
      }
    }
    int partitions = v.intIn(Option.PARTITIONS, 1, 100_000);

    List<String> sinks = new ArrayList<>();
    for (String sink : v.get(Option.SINK).split(",")) {
      String name = sink.trim();
      if (!name.equals("jdbc") && !name.equals("console")) {
        throw new ConfigException(Option.SINK.id(), "'" + name + "' is not a sink; use jdbc, console or jdbc,console");
      }
      if (sinks.contains(name)) {
        throw new ConfigException(Option.SINK.id(), "'" + name + "' given twice");
      }
      sinks.add(name);
    }
    if (!sparkConf.getOrDefault("spark.streaming.concurrentJobs", "1").trim().equals("1")) {
      throw new ConfigException(Option.CONF.id(), "spark.streaming.concurrentJobs must stay 1: a batch's offsets "
          + "are stored only after all its results, which needs its outputs to run in order");
    }
    String effectiveMaster = submittedMaster != null ? submittedMaster
        : sparkConf.getOrDefault("spark.master", v.get(Option.MASTER));
    JdbcSettings jdbc = sinks.contains("jdbc")
        ? jdbcSettings(v, parser, env, effectiveMaster.trim().startsWith("local")) : null;
    int top = v.intIn(Option.TOP, 1, 10_000);

    String stopFile = v.get(Option.STOP_FILE);
    if (stopFile != null && stopFile.isBlank()) {
      throw new ConfigException(Option.STOP_FILE.id(), "must not be empty (an empty path is the working directory, "
          + "which always exists, so the job would stop at once)");
    }

    String master = v.get(Option.MASTER);
    int cores = localCores(effectiveMaster);
    if (cores > 0 && cores <= sockets.size()) {
      throw new ConfigException(Option.MASTER.id(), effectiveMaster + " has " + cores + " core(s) but "
          + sockets.size() + " socket receiver(s) each hold one: use local[" + (sockets.size() + 1) + "] or more");
    }

    String onChange = v.get(Option.ON_CHECKPOINT_CHANGE).trim();
    if (!onChange.equals("refuse") && !onChange.equals("fresh-start")) {
      throw new ConfigException(Option.ON_CHECKPOINT_CHANGE.id(), "'" + onChange + "' is not refuse or fresh-start");
    }

    TotalsOperator totalsOperator;
    try {
      totalsOperator = TotalsOperator.parse(v.get(Option.TOTALS_OPERATOR));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.TOTALS_OPERATOR.id(), e.getMessage());
    }
    GraphSettings graph = new GraphSettings(batchMs, windows, ttlMs, partitions, checkpointIntervalMs, parser, maxRaw,
        v.bool(Option.SEED_TOTALS)).withPlainWindowSlices(v.intIn(Option.PLAIN_WINDOW_SLICES, 0, 1_000_000))
        .withTotalsOperator(totalsOperator);
    return new TallyConfig(checkpointDir, master, v.get(Option.APP_NAME), sparkConf, sockets, inputDir, generate, kafka,
        v.intIn(Option.KAFKA_MAX_RATE, 0, 100_000_000), v.bool(Option.BACKPRESSURE), graph, sinks, jdbc, top, stopFile,
        onChange.equals("fresh-start"));
  }

  /** Properties Tally sets itself: passing them would break offsets-with-results or the group. */
  private static final Set<String> OWN_KAFKA_PROPERTIES = Set.of("bootstrap.servers", "group.id", "group.instance.id",
      "enable.auto.commit", "key.deserializer", "value.deserializer", "auto.offset.reset");

  private static KafkaSettings kafkaSettings(Values v) throws ConfigException {
    String bootstrap = v.get(Option.KAFKA_BOOTSTRAP);
    List<String> topics = v.list(Option.KAFKA_TOPICS);
    String pattern = v.get(Option.KAFKA_TOPIC_PATTERN);
    if (bootstrap == null) {
      for (Option kafkaOnly : new Option[] {Option.KAFKA_TOPICS, Option.KAFKA_TOPIC_PATTERN, Option.KAFKA_GROUP,
          Option.KAFKA_INSTANCE_ID, Option.KAFKA_START, Option.KAFKA_PROPERTY}) {
        if (v.given(kafkaOnly)) {
          throw new ConfigException(Option.KAFKA_BOOTSTRAP.id(), "required with --" + kafkaOnly.id());
        }
      }
      return null;
    }
    for (String server : bootstrap.split(",")) {
      try {
        HostPort.parse(server.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.KAFKA_BOOTSTRAP.id(), e.getMessage());
      }
    }
    if (topics.isEmpty() == (pattern == null)) {
      throw new ConfigException(Option.KAFKA_TOPICS.id(), "give either --kafka-topics or --kafka-topic-pattern");
    }
    if (pattern != null) {
      try {
        java.util.regex.Pattern.compile(pattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new ConfigException(Option.KAFKA_TOPIC_PATTERN.id(), "not a regular expression: " + e.getDescription());
      }
    }
    String start = v.get(Option.KAFKA_START);
    if (!start.equals("earliest") && !start.equals("latest")) {
      throw new ConfigException(Option.KAFKA_START.id(), "'" + start + "' is not earliest or latest");
    }
    Map<String, String> properties = new java.util.TreeMap<>();
    for (String property : v.all(Option.KAFKA_PROPERTY)) {
      String key = property.substring(0, property.indexOf('=')).trim();
      if (OWN_KAFKA_PROPERTIES.contains(key)) {
        throw new ConfigException(Option.KAFKA_PROPERTY.id(), key + " is set by Tally itself");
      }
      properties.put(key, property.substring(property.indexOf('=') + 1).trim());
    }
    String group = v.get(Option.KAFKA_GROUP).trim();
    if (group.isEmpty()) {
      throw new ConfigException(Option.KAFKA_GROUP.id(), "must not be empty");
    }
    String instance = v.given(Option.KAFKA_INSTANCE_ID) ? v.get(Option.KAFKA_INSTANCE_ID).trim() : group + "-driver";
    if (instance.isEmpty()) {
      throw new ConfigException(Option.KAFKA_INSTANCE_ID.id(), "must not be empty");
    }
    return new KafkaSettings(bootstrap.replace(" ", ""), topics, pattern, group, instance, start, properties);
  }

  private static JdbcSettings jdbcSettings(Values v, ParserSpec parser, Map<String, String> env, boolean localMaster)
      throws ConfigException {
    String url = v.get(Option.JDBC_URL).trim();
    try {
      Dialect.forUrl(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Option.JDBC_URL.id(), e.getMessage());
    }
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("password=")) {
      throw new ConfigException(Option.JDBC_URL.id(), "holds a password, which would show in logs: set "
          + PASSWORD_ENV + " or use --jdbc-password-file");
    }
    if (lower.startsWith("jdbc:h2:mem:")) {
      throw new ConfigException(Option.JDBC_URL.id(), "an in-memory H2 database is private to each JVM: use jdbc:h2:file:");
    }
    if (!localMaster && lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:")
        && !lower.startsWith("jdbc:h2:file:/") && !lower.startsWith("jdbc:h2:file:~") && !lower.startsWith("jdbc:h2:/")
        && !lower.startsWith("jdbc:h2:~")) {
      throw new ConfigException(Option.JDBC_URL.id(), "a relative H2 path differs between the driver and each "
          + "executor: give an absolute path (or use PostgreSQL)");
    }
    String password = env.getOrDefault(PASSWORD_ENV, "");
    String passwordFile = v.get(Option.JDBC_PASSWORD_FILE);
    if (passwordFile != null) {
      try {
        password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(Option.JDBC_PASSWORD_FILE.id(), "cannot read " + passwordFile + ": " + e.getMessage());
      }
    }
    Set<String> sumColumns = new HashSet<>();
    for (String field : parser.valueFields()) {
      if (!sumColumns.add(SqlIdentifiers.sumColumn(field))) {
        throw new ConfigException(Option.VALUES.id(), "value field '" + field + "' and another one both become column "
            + SqlIdentifiers.sumColumn(field));
      }
    }
    for (Option table : new Option[] {Option.WINDOW_TABLE, Option.TOTAL_TABLE, Option.REJECT_TABLE, Option.OFFSET_TABLE,
        Option.BATCH_TABLE}) {
      if (!SqlIdentifiers.isTableName(v.get(table))) {
        throw new ConfigException(table.id(), "'" + v.get(table) + "' is not a table name (letters, digits and _, "
            + "optionally schema.table)");
      }
    }
    TableNames tables = new TableNames(v.get(Option.WINDOW_TABLE), v.get(Option.TOTAL_TABLE), v.get(Option.REJECT_TABLE),
        v.get(Option.OFFSET_TABLE), v.get(Option.BATCH_TABLE));
    if (new HashSet<>(List.of(tables.windows(), tables.totals(), tables.rejects(), tables.offsets(), tables.batches()))
        .size() < 5) {
      throw new ConfigException(Option.WINDOW_TABLE.id(), "the window, total, reject, offset and batch tables must differ");
    }
    long backoff = v.duration(Option.WRITE_BACKOFF);
    long backoffMax = v.duration(Option.WRITE_BACKOFF_MAX);
    if (backoffMax < backoff) {
      throw new ConfigException(Option.WRITE_BACKOFF_MAX.id(), "must not be shorter than --write-backoff");
    }
    long timeoutMs = v.duration(Option.WRITE_TIMEOUT);
    if (timeoutMs < 1000 || timeoutMs % 1000 != 0) {
      throw new ConfigException(Option.WRITE_TIMEOUT.id(), "must be whole seconds, at least 1s");
    }
    long retentionMs = v.duration(Option.WINDOW_RETENTION);
    return new JdbcSettings(url, v.get(Option.JDBC_USER), password, v.intIn(Option.POOL_SIZE, 0, 1000),
        v.intIn(Option.WRITE_ATTEMPTS, 1, 100), backoff, backoffMax, v.intIn(Option.WRITE_BATCH, 1, 100_000),
        (int) Math.min(Integer.MAX_VALUE, timeoutMs / 1000), tables).withWindowRetention(retentionMs);
  }

  /**
   * Checks what the configuration names on this machine's file system, before anything starts: a
   * mistyped local input directory would otherwise be watched, empty, forever.
   */
  public static void checkPaths(TallyConfig config) throws ConfigException {
    if (config.inputDir().isPresent()) {
      String dir = config.inputDir().get();
      if (!dir.contains("://") || dir.startsWith("file:")) {
        Path path = Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir);
        if (!Files.isDirectory(path)) {
          throw new ConfigException(Option.INPUT_DIR.id(), dir + " is not a directory");
        }
      }
    }
  }

  /** Cores of a local master, or -1 when the master is not local (its cores are not known here). */
  static int localCores(String master) {
    if (master == null) {
      return -1;
    }
    Matcher m = LOCAL_MASTER.matcher(master.trim());
    if (!m.matches()) {
      return -1;
    }
    if (m.group(1) == null) {
      return 1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  private static String single(Map<Option, List<String>> given, Option option) {
    return given.get(option).get(0);
  }

  /** Given values over defaults, with typed accessors that name the option on error. */
  private static final class Values {
    private final Map<Option, List<String>> given;

    Values(Map<Option, List<String>> given) {
      this.given = given;
    }

    String get(Option option) {
      List<String> values = given.get(option);
      return values == null || values.isEmpty() ? option.defaultValue() : values.get(0);
    }

    List<String> all(Option option) {
      List<String> values = given.get(option);
      if (values != null) {
        return values;
      }
      return option.defaultValue() == null ? List.of() : List.of(option.defaultValue());
    }

    /** A comma-separated list; the placeholder defaults mean empty. */
    List<String> list(Option option) {
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

    boolean given(Option option) {
      return given.containsKey(option) && !given.get(option).isEmpty();
    }

    boolean bool(Option option) throws ConfigException {
      String text = get(option).trim();
      if (!text.equals("true") && !text.equals("false")) {
        throw new ConfigException(option.id(), "'" + text + "' is not true or false");
      }
      return text.equals("true");
    }

    long duration(Option option) throws ConfigException {
      try {
        return Durations.parseMs(get(option));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new ConfigException(option.id(), e.getMessage());
      }
    }

    int intIn(Option option, int min, int max) throws ConfigException {
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

    char delimiter() throws ConfigException {
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
}
