package dev.tally.checkpoint;

import dev.tally.config.GraphSettings;
import dev.tally.graph.TallyGraph;
import dev.tally.input.InputSource;
import dev.tally.runtime.DriverRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * What {@code getOrCreate} calls when the checkpoint directory holds no checkpoint: a new context with
 * the whole graph defined inside it, and the checkpoint's fingerprint written beside it before any
 * checkpoint file exists. Not called on recovery; {@link #wasCalled()} tells which happened.
 */
public final class GraphFactory implements Function0<JavaStreamingContext> {
  private static final long serialVersionUID = 1L;

  private final SparkConf conf;
  private final String checkpointDir;
  private final GraphSettings settings;
  private final transient List<InputSource> inputs;
  private final transient DriverRuntime runtime;
  private volatile boolean called;

  /** {@code runtime}: this start's, from {@link DriverRuntime#start}; the graph reads what its sink stored. */
  public GraphFactory(SparkConf conf, String checkpointDir, GraphSettings settings, List<InputSource> inputs,
      DriverRuntime runtime) {
    this.conf = conf;
    this.checkpointDir = checkpointDir;
    this.settings = settings;
    this.inputs = List.copyOf(inputs);
    this.runtime = runtime;
  }

  @Override
  public JavaStreamingContext call() {
    called = true;
    JavaStreamingContext jssc = new JavaStreamingContext(conf, new Duration(settings.batchMs()));
    jssc.checkpoint(checkpointDir);
    try {
      TallyGraph.build(jssc, settings, inputs, runtime.sink());
      Path dir = new Path(checkpointDir);
      fingerprint(settings, inputs, conf).write(dir.getFileSystem(jssc.sparkContext().hadoopConfiguration()), dir,
          Instant.now());
    } catch (IOException e) {
      jssc.stop(true, false);
      throw new UncheckedIOException("cannot write the checkpoint fingerprint in " + checkpointDir, e);
    } catch (RuntimeException e) {
      jssc.stop(true, false); // a refused or failed build leaves no SparkContext behind
      throw e;
    }
    return jssc;
  }

  /**
   * The fingerprint of the graph this build creates from {@code settings} and {@code inputs}, with
   * Spark's settings {@code spark} (a map, so that the guard runs before any Spark class loads).
   */
  public static Fingerprint fingerprint(GraphSettings settings, List<InputSource> inputs, Map<String, String> spark) {
    return Fingerprint.of(TallyGraph.FINGERPRINTED, settings, inputs, spark);
  }

  public static Fingerprint fingerprint(GraphSettings settings, List<InputSource> inputs, SparkConf conf) {
    return fingerprint(settings, inputs, CheckpointGenerations.settingsOf(conf));
  }

  public boolean wasCalled() {
    return called;
  }
}
