package dev.tally.config;

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
  private final GraphSettings graph;
  private final String sink;
  private final int top;
  private final String stopFile;

  TallyConfig(String checkpointDir, String master, String appName, Map<String, String> sparkConf,
      List<HostPort> sockets, String inputDir, GraphSettings graph, String sink, int top, String stopFile) {
    this.checkpointDir = checkpointDir;
    this.master = master;
    this.appName = appName;
    this.sparkConf = Map.copyOf(sparkConf);
    this.sockets = List.copyOf(sockets);
    this.inputDir = inputDir;
    this.graph = graph;
    this.sink = sink;
    this.top = top;
    this.stopFile = stopFile;
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

  public GraphSettings graph() {
    return graph;
  }

  public String sink() {
    return sink;
  }

  public int top() {
    return top;
  }

  public Optional<String> stopFile() {
    return Optional.ofNullable(stopFile);
  }
}
