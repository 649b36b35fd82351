package dev.tally.process;

import dev.tally.config.ConfigException;
import dev.tally.config.ConfigParser;
import dev.tally.config.CrossChecks;
import dev.tally.config.GraphOptions;
import dev.tally.config.GraphSettings;
import dev.tally.config.HostPort;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.input.InputSettings;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.sink.SinkSettings;
import dev.tally.sink.jdbc.JdbcSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one Tally process: the options read and merged by {@link
 * ConfigParser}, each part checked by the subsystem that owns it (the graph's in {@code config/},
 * the inputs', the sinks'), and the process's own (checkpoint directory, Spark, stop file).
 */
public final class TallyConfig {
  private final String checkpointDir;
  private final String master;
  private final String appName;
  private final Map<String, String> sparkConf;
  private final GraphSettings graph;
  private final InputSettings inputs;
  private final SinkSettings sinks;
  private final String stopFile;
  private final boolean freshStartOnCheckpointChange;
  private final boolean untilCaughtUp;

  private TallyConfig(String checkpointDir, String master, String appName, Map<String, String> sparkConf,
      GraphSettings graph, InputSettings inputs, SinkSettings sinks, String stopFile,
      boolean freshStartOnCheckpointChange, boolean untilCaughtUp) {
    this.checkpointDir = checkpointDir;
    this.master = master;
    this.appName = appName;
    this.sparkConf = Map.copyOf(sparkConf);
    this.graph = graph;
    this.inputs = inputs;
    this.sinks = sinks;
    this.stopFile = stopFile;
    this.freshStartOnCheckpointChange = freshStartOnCheckpointChange;
    this.untilCaughtUp = untilCaughtUp;
  }

  /** Parses with the master spark-submit set, if any, taken from the {@code spark.master} system property. */
  public static TallyConfig parse(String... args) throws ConfigException {
    return parse(args, System.getProperty("spark.master"), System.getenv());
  }

  public static TallyConfig parse(String[] args, String submittedMaster) throws ConfigException {
    return parse(args, submittedMaster, System.getenv());
  }

  /** Parses with an explicit environment ({@value ConfigParser#PASSWORD_ENV} is read from it). */
  public static TallyConfig parse(String[] args, String submittedMaster, Map<String, String> env)
      throws ConfigException {
    return of(ConfigParser.read(args, submittedMaster, env));
  }

  /** Every option of {@code v} checked, by the part that owns it. */
  public static TallyConfig of(OptionValues v) throws ConfigException {
    String checkpointDir = v.get(Option.CHECKPOINT_DIR);
    if (checkpointDir == null || checkpointDir.isBlank()) {
      throw new ConfigException(Option.CHECKPOINT_DIR.id(), "required: the directory the job keeps its state in and recovers from");
    }
    GraphSettings graph = GraphOptions.of(v);
    InputSettings inputs = InputSettings.of(v, graph.parser());
    CrossChecks.outputsInOrder(v);
    boolean untilCaughtUp = CrossChecks.untilCaughtUp(v);
    SinkSettings sinks = SinkSettings.of(v, graph.parser().valueFields());
    String stopFile = v.get(Option.STOP_FILE);
    if (stopFile != null && stopFile.isBlank()) {
      throw new ConfigException(Option.STOP_FILE.id(), "must not be empty (an empty path is the working directory, "
          + "which always exists, so the job would stop at once)");
    }
    String onChange = v.get(Option.ON_CHECKPOINT_CHANGE).trim();
    if (!onChange.equals("refuse") && !onChange.equals("fresh-start")) {
      throw new ConfigException(Option.ON_CHECKPOINT_CHANGE.id(), "'" + onChange + "' is not refuse or fresh-start");
    }
    return new TallyConfig(checkpointDir, v.get(Option.MASTER), v.get(Option.APP_NAME), v.sparkConf(), graph, inputs,
        sinks, stopFile, onChange.equals("fresh-start"), untilCaughtUp);
  }

  /** Checks what the configuration names on this machine's file system, before anything starts. */
  public void checkPaths() throws ConfigException {
    inputs.checkPaths();
  }

  public String checkpointDir() {
    return checkpointDir;
  }

  /** The master to use when spark-submit did not set one. */
  public String master() {
    return master;
  }

  public String appName() {
    return appName;
  }

  /** Extra Spark settings from {@code --conf} and {@code spark.*} keys of the config file. */
  public Map<String, String> sparkConf() {
    return sparkConf;
  }

  public GraphSettings graph() {
    return graph;
  }

  /** The inputs' settings. */
  public InputSettings inputs() {
    return inputs;
  }

  /** The sinks' settings. */
  public SinkSettings sinkSettings() {
    return sinks;
  }

  public List<HostPort> sockets() {
    return inputs.sockets();
  }

  public Optional<String> inputDir() {
    return inputs.inputDir();
  }

  /** The generated input ({@code --generate}); empty when none is asked for. */
  public Optional<GenerateSpec> generate() {
    return inputs.generate();
  }

  /** The Kafka input; empty when no Kafka topics are read. */
  public Optional<KafkaSettings> kafka() {
    return inputs.kafka();
  }

  /** Records per Kafka partition and second at most; 0 for no limit. */
  public int kafkaMaxRate() {
    return inputs.kafkaMaxRate();
  }

  public boolean backpressure() {
    return inputs.backpressure();
  }

  /** The sinks to write to, in order: {@code jdbc} and/or {@code console}. */
  public List<String> sinks() {
    return sinks.sinks();
  }

  /** The database settings; null when no jdbc sink is configured. */
  public JdbcSettings jdbc() {
    return sinks.jdbc();
  }

  public int top() {
    return sinks.top();
  }

  /** A scheduled run: read the Kafka topics up to their end offsets at start, close every window, stop. */
  public boolean untilCaughtUp() {
    return untilCaughtUp;
  }

  public Optional<String> stopFile() {
    return Optional.ofNullable(stopFile);
  }

  /**
   * {@code --on-checkpoint-change fresh-start}: a checkpoint that differs from this build or these
   * settings is left for a new generation instead of being refused (or recovered with its settings).
   */
  public boolean freshStartOnCheckpointChange() {
    return freshStartOnCheckpointChange;
  }
}
