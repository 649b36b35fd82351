package dev.tally.checkpoint;

import dev.tally.config.GraphSettings;
import dev.tally.config.Option;
import dev.tally.input.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a checkpoint was created with: the build (Tally's version, and every class the checkpoint
 * holds or whose code shaped its graph, with its {@code serialVersionUID} and a hash of its
 * bytecode) and the settings the checkpoint freezes (batch, windows, format, inputs, ...). Written
 * as a properties file into the checkpoint directory when the checkpoint is created (Spark reads
 * only its {@code checkpoint-*} files there); compared with the running build before every start.
 */
public final class Fingerprint {
  public static final String FILE_NAME = "tally-fingerprint.properties";

  /**
   * Input settings whose change means other data. Recovering would go on reading the checkpoint's
   * inputs while the operator believes the job reads the new ones: the new topic or directory would
   * silently be read by nobody (and files already in a directory at a later start are never read).
   * So a change of these is refused like a changed build. Connection details (brokers, client
   * properties) name the same data: a change of those is only reported. The generated input's
   * settings (rate, keys, seed, ...) are its data: a recovered job would go on generating the old lines
   * while the operator measures the new ones.
   */
  static final Set<String> INPUT_IDENTITY = Set.of(Option.SOCKET.id(), Option.INPUT_DIR.id(),
      Option.KAFKA_TOPICS.id(), Option.KAFKA_TOPIC_PATTERN.id(), Option.KAFKA_GROUP.id(), Option.GENERATE.id(), "input");

  private static final String MAX_RATE = "spark.streaming.kafka.maxRatePerPartition";
  private static final String BACKPRESSURE = "spark.streaming.backpressure.enabled";
  private static final String VERSION_KEY = "tally.version";
  private static final String CLASS_PREFIX = "class.";
  private static final String SETTING_PREFIX = "setting.";
  private static final String INPUT_PREFIX = "input.";

  private final String version;
  private final List<ClassPrint> classes;
  private final Map<String, String> settings;
  private final Map<String, String> inputs;

  /** One class: its name, {@code serialVersionUID} ({@code -} when not serializable) and bytecode hash. */
  public record ClassPrint(String name, String serialVersionUid, String bytecodeSha256) {
    static ClassPrint of(Class<?> type) {
      ObjectStreamClass stream = ObjectStreamClass.lookup(type);
      return new ClassPrint(type.getName(), stream == null ? "-" : String.valueOf(stream.getSerialVersionUID()),
          BytecodeHash.of(type));
    }

    String text() {
      return name + " serialVersionUID=" + serialVersionUid + " bytecode-sha256=" + bytecodeSha256;
    }

    static ClassPrint parse(String text) {
      String[] parts = text.trim().split(" ");
      if (parts.length != 3 || !parts[1].startsWith("serialVersionUID=") || !parts[2].startsWith("bytecode-sha256=")) {
        throw new IllegalArgumentException("not NAME serialVersionUID=N bytecode-sha256=HEX: " + text);
      }
      return new ClassPrint(parts[0], parts[1].substring(parts[1].indexOf('=') + 1),
          parts[2].substring(parts[2].indexOf('=') + 1));
    }
  }

  Fingerprint(String version, List<ClassPrint> classes, Map<String, String> settings, Map<String, String> inputs) {
    this.version = version;
    this.classes = List.copyOf(classes);
    this.settings = new LinkedHashMap<>(settings);
    this.inputs = new LinkedHashMap<>(inputs);
  }

  /**
   * The fingerprint of a graph this build would create: {@code classes} in graph order, the graph
   * settings, the inputs' frozen settings and the Kafka rate settings, which the checkpoint keeps
   * with its Spark configuration.
   */
  public static Fingerprint of(List<Class<?>> classes, GraphSettings graph, List<InputSource> inputs,
      Map<String, String> spark) {
    List<ClassPrint> prints = new ArrayList<>();
    for (Class<?> type : classes) {
      prints.add(ClassPrint.of(type));
    }
    Map<String, String> settings = new LinkedHashMap<>(graph.byOption());
    if (spark.containsKey(MAX_RATE)) {
      settings.put(Option.KAFKA_MAX_RATE.id(), spark.get(MAX_RATE));
    }
    if (spark.containsKey(BACKPRESSURE)) {
      settings.put(Option.BACKPRESSURE.id(), spark.get(BACKPRESSURE));
    }
    // Repeated inputs (two sockets) are one sorted value: their order does not change the job.
    Map<String, Set<String>> byOption = new LinkedHashMap<>();
    for (InputSource input : inputs) {
      input.frozenSettings().forEach((option, value) -> byOption.computeIfAbsent(option, o -> new TreeSet<>()).add(value));
    }
    Map<String, String> inputValues = new LinkedHashMap<>();
    byOption.forEach((option, values) -> inputValues.put(option, String.join(",", values)));
    return new Fingerprint(BuildInfo.version(), prints, settings, inputValues);
  }

  public String version() {
    return version;
  }

  public List<ClassPrint> classes() {
    return classes;
  }

  /** The graph settings by option id. */
  public Map<String, String> settings() {
    return settings;
  }

  /** The inputs' settings by option id. */
  public Map<String, String> inputs() {
    return inputs;
  }

  // ---- comparison ----

  /** A setting that differs between what is given now and what the checkpoint runs. */
  public record Drift(String option, String given, String checkpoint) {
    /** E.g. {@code --window 30s/10s given, the checkpoint runs 10s/2s}. */
    public String describe() {
      String verb = INPUT_IDENTITY.contains(option) ? "reads " : "runs ";
      return (given == null ? "no " + flag(null) : flag(given)) + " given, the checkpoint "
          + (checkpoint == null ? "has none" : verb + checkpoint);
    }

    /** The flag as typed: {@code --window 30s/10s}, {@code --kafka-property KEY=VALUE}. */
    private String flag(String value) {
      String property = Option.KAFKA_PROPERTY.id() + ".";
      if (option.startsWith(property)) {
        return "--" + Option.KAFKA_PROPERTY.id() + " " + option.substring(property.length())
            + (value == null ? "" : "=" + value);
      }
      return "--" + option + (value == null ? "" : " " + value);
    }
  }

  /**
   * How a checkpoint differs from this build and these settings: build changes and input changes
   * (which the guard refuses) and settings drift (which the checkpoint overrides on recovery).
   */
  public record Differences(List<String> build, List<Drift> inputs, List<Drift> settings) {
    /** True when recovering could run other code or read other data than asked for. */
    public boolean incompatible() {
      return !build.isEmpty() || !inputs.isEmpty();
    }

    public boolean none() {
      return !incompatible() && settings.isEmpty();
    }
  }

  /** How {@code checkpoint}, a stored fingerprint, differs from this one, the running build's. */
  public Differences against(Fingerprint checkpoint) {
    List<String> build = new ArrayList<>();
    if (!version.equals(checkpoint.version)) {
      build.add("it was written by Tally " + checkpoint.version + ", this is Tally " + version);
    }
    Map<String, ClassPrint> stored = byName(checkpoint.classes);
    for (ClassPrint now : classes) {
      ClassPrint then = stored.get(now.name());
      if (then == null) {
        build.add(now.name() + " is new in this build");
      } else if (!then.serialVersionUid().equals(now.serialVersionUid())) {
        build.add(now.name() + " changed its serialVersionUID (" + then.serialVersionUid() + " -> "
            + now.serialVersionUid() + ")");
      } else if (!then.bytecodeSha256().equals(now.bytecodeSha256())) {
        build.add(now.name() + " changed (its bytecode differs; serialVersionUID " + now.serialVersionUid()
            + " in both)");
      }
    }
    Map<String, ClassPrint> running = byName(classes);
    for (ClassPrint then : checkpoint.classes) {
      if (!running.containsKey(then.name())) {
        build.add(then.name() + " is gone from this build");
      }
    }
    List<Drift> inputChanges = new ArrayList<>();
    List<Drift> settingChanges = drift(settings, checkpoint.settings);
    for (Drift d : drift(inputs, checkpoint.inputs)) {
      (INPUT_IDENTITY.contains(d.option()) ? inputChanges : settingChanges).add(d);
    }
    return new Differences(build, inputChanges, settingChanges);
  }

  private static Map<String, ClassPrint> byName(List<ClassPrint> prints) {
    Map<String, ClassPrint> map = new LinkedHashMap<>();
    prints.forEach(p -> map.put(p.name(), p));
    return map;
  }

  private static List<Drift> drift(Map<String, String> given, Map<String, String> checkpoint) {
    Set<String> options = new LinkedHashSet<>(given.keySet());
    options.addAll(checkpoint.keySet());
    List<Drift> drift = new ArrayList<>();
    for (String option : options) {
      String now = given.get(option);
      String then = checkpoint.get(option);
      if (now == null ? then != null : !now.equals(then)) {
        drift.add(new Drift(option, now, then));
      }
    }
    return drift;
  }

  // ---- the file ----

  /** The file's content: one line per fact, as a properties file. */
  public String text(Instant created) {
    StringBuilder out = new StringBuilder()
        .append("# Tally checkpoint fingerprint: the build and the settings this checkpoint was created with.\n")
        .append("# Compared with the running build at every start (see checkpoint-recovery/README.md). Do not edit.\n");
    line(out, "created", created.toString());
    line(out, VERSION_KEY, version);
    out.append("# Classes the checkpoint holds or whose code built its graph, in graph order.\n");
    for (int i = 0; i < classes.size(); i++) {
      line(out, String.format("%s%02d", CLASS_PREFIX, i + 1), classes.get(i).text());
    }
    out.append("# Settings frozen in the checkpoint, by option.\n");
    settings.forEach((option, value) -> line(out, SETTING_PREFIX + option, value));
    inputs.forEach((option, value) -> line(out, INPUT_PREFIX + option, value));
    return out.toString();
  }

  /** Reads a fingerprint file's content; {@link IllegalArgumentException} when it is not one. */
  public static Fingerprint parse(String text) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a properties file: " + e.getMessage(), e);
    }
    String version = props.getProperty(VERSION_KEY);
    if (version == null) {
      throw new IllegalArgumentException("no " + VERSION_KEY);
    }
    Map<Integer, ClassPrint> classes = new TreeMap<>();
    Map<String, String> settings = new TreeMap<>();
    Map<String, String> inputs = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      String value = props.getProperty(key);
      if (key.startsWith(CLASS_PREFIX)) {
        try {
          classes.put(Integer.parseInt(key.substring(CLASS_PREFIX.length())), ClassPrint.parse(value));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad key " + key, e);
        }
      } else if (key.startsWith(SETTING_PREFIX)) {
        settings.put(key.substring(SETTING_PREFIX.length()), value);
      } else if (key.startsWith(INPUT_PREFIX)) {
        inputs.put(key.substring(INPUT_PREFIX.length()), value);
      }
    }
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("no classes");
    }
    return new Fingerprint(version, new ArrayList<>(classes.values()), settings, inputs);
  }

  /**
   * Writes the file into {@code dir} atomically: a temporary file, then a rename, so a reader never
   * sees half a fingerprint (file systems without atomic rename, like S3, copy; a crash there leaves
   * the temporary file and no fingerprint, as if none had been written).
   */
  public void write(FileSystem fs, Path dir, Instant created) throws IOException {
    Path target = new Path(dir, FILE_NAME);
    Path temp = new Path(dir, "." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(temp, false)) {
      out.write(text(created).getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(target)) {
      fs.delete(target, false); // a rename does not replace a file on HDFS
    }
    if (!fs.rename(temp, target)) {
      fs.delete(temp, false);
      throw new IOException("cannot rename " + temp + " to " + target);
    }
  }

  /**
   * The fingerprint file's content in {@code dir}, or empty when there is none; an
   * {@link IllegalArgumentException} when the file system's checksum says it was edited or damaged.
   */
  public static Optional<String> readText(FileSystem fs, Path dir) throws IOException {
    return readText(fs, dir, FILE_NAME);
  }

  static Optional<String> readText(FileSystem fs, Path dir, String name) throws IOException {
    Path file = new Path(dir, name);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (ChecksumException e) {
      throw new IllegalArgumentException("its checksum does not match: edited or damaged", e);
    }
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(escape(value)).append('\n');
  }

  /** Escapes a value as {@link Properties#load} reads it back. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case ' ' -> out.append(i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
