package dev.tally.config;

import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.sink.jdbc.JdbcSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated configuration of one Tally process. Build it with {@link ConfigParser}. */
public final class TallyConfig {
  private final String checkpointDir;
  private final String master;
  private final String appName;
  private final Map<String, String> sparkConf;
  private final List<HostPort> sockets;
  private final String inputDir;
  private final GenerateSpec generate;
  private final KafkaSettings kafka;
  private final int kafkaMaxRate;
  private final boolean backpressure;
  private final GraphSettings graph;
  private final List<String> sinks;
  private final JdbcSettings jdbc;
  private final int top;
  private final String stopFile;
  private final boolean freshStartOnCheckpointChange;

  TallyConfig(String checkpointDir, String master, String appName, Map<String, String> sparkConf,
      List<HostPort> sockets, String inputDir, GenerateSpec generate, KafkaSettings kafka, int kafkaMaxRate, boolean backpressure,
      GraphSettings graph, List<String> sinks, JdbcSettings jdbc, int top, String stopFile,
      boolean freshStartOnCheckpointChange) {
    this.kafka = kafka;
    this.kafkaMaxRate = kafkaMaxRate;
    this.backpressure = backpressure;
    this.checkpointDir = checkpointDir;
    this.master = master;
    this.appName = appName;
    this.sparkConf = Map.copyOf(sparkConf);
    this.sockets = List.copyOf(sockets);
    this.inputDir = inputDir;
    this.generate = generate;
    this.graph = graph;
    this.sinks = List.copyOf(sinks);
    this.jdbc = jdbc;
    this.top = top;
    this.stopFile = stopFile;
    this.freshStartOnCheckpointChange = freshStartOnCheckpointChange;
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

  public List<HostPort> sockets() {
    return sockets;
  }

  public Optional<String> inputDir() {
    return Optional.ofNullable(inputDir);
  }

  /** The generated input ({@code --generate}); empty when none is asked for. */
  public Optional<GenerateSpec> generate() {
    return Optional.ofNullable(generate);
  }

  /** The Kafka input; empty when no Kafka topics are read. */
  public Optional<KafkaSettings> kafka() {
    return Optional.ofNullable(kafka);
  }

  /** Records per Kafka partition and second at most; 0 for no limit. */
  public int kafkaMaxRate() {
    return kafkaMaxRate;
  }

  public boolean backpressure() {
    return backpressure;
  }

  public GraphSettings graph() {
    return graph;
  }

  /** The sinks to write to, in order: {@code jdbc} and/or {@code console}. */
  public List<String> sinks() {
    return sinks;
  }

  /** The database settings; null when no jdbc sink is configured. */
  public JdbcSettings jdbc() {
    return jdbc;
  }

  public int top() {
    return top;
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
