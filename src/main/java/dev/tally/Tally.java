package dev.tally;

import dev.tally.audit.Audit;
import dev.tally.checkpoint.BuildInfo;
import dev.tally.checkpoint.BytecodeHash;
import dev.tally.checkpoint.CheckpointGenerations;
import dev.tally.checkpoint.CheckpointGuard;
import dev.tally.checkpoint.CheckpointedContext;
import dev.tally.checkpoint.GraphFactory;
import dev.tally.checkpoint.InspectCheckpoint;
import dev.tally.checkpointed.SocketLineReceiver;
import dev.tally.config.ConfigException;
import dev.tally.config.ConfigParser;
import dev.tally.config.GraphOptions;
import dev.tally.config.GraphSettings;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.drill.CrashPoints;
import dev.tally.graph.StartRefusedException;
import dev.tally.graph.TallyGraph;
import dev.tally.input.InputSource;
import dev.tally.input.Inputs;
import dev.tally.model.MetricSchema;
import dev.tally.process.StopRequests;
import dev.tally.process.TallyConfig;
import dev.tally.runtime.BatchHealthListener;
import dev.tally.runtime.ClosingBatches;
import dev.tally.runtime.DriverRuntime;
import dev.tally.runtime.UntilCaughtUp;
import dev.tally.sink.Sink;
import dev.tally.sink.Sinks;
import dev.tally.sink.jdbc.Ddl;
import dev.tally.sink.jdbc.JdbcSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.ReceiverTracker;

/**
 * The Tally process: configuration, the checkpoint guard, {@code getOrCreate} from the checkpoint
 * generation it picks, start, wait, stop.
 *
 * <p>Exit codes are a contract with supervisors ({@code spark-submit --supervise}, Kubernetes,
 * systemd): 0 after a requested stop, 2 for a bad configuration or a checkpoint the guard refuses,
 * 1 for any failure, so that the driver is restarted and recovers from its checkpoint; 86 only
 * when a fault drill's crash point ({@link CrashPoints}) halts the JVM.
 */
public final class Tally {
  /** Initialised on first use: a start refused before anything runs does not pay for log4j. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(Tally.class);
  }

  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_CONFIG = 2;

  private static final long POLL_MS = 250;
  private static final long FAILED_STOP_WAIT_MS = 10_000;

  private Tally() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The commands; {@code run} when the first argument is an option (or there is none). */
  static final String COMMANDS = "run (the default), inspect, audit, ddl, --version";

  /**
   * One command line: {@code tally [run] OPTIONS} runs Tally until it is asked to stop or fails,
   * {@code tally inspect} reports on a checkpoint, {@code tally audit} verifies a drill's results,
   * {@code tally ddl OPTIONS} prints the CREATE TABLE statements of the configured tables,
   * {@code tally --version} the version; returns the exit code.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 || args[0].startsWith("-") ? "run" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
      out.println(version());
      return EXIT_STOPPED;
    }
    return switch (command) {
      case "run" -> runJob(rest, out, err);
      case "inspect" -> InspectCheckpoint.run(rest, out, err);
      case "audit" -> Audit.run(rest, out, err, System.getenv());
      case "ddl" -> printDdl(rest, out, err);
      default -> {
        err.println("tally: unknown command '" + command + "': " + COMMANDS);
        yield EXIT_BAD_CONFIG;
      }
    };
  }

  /** {@code tally --version}: this build's version, the hash of its checkpointed code, and what it runs on. */
  static String version() {
    return "tally " + BuildInfo.version() + " (checkpointed code " + checkpointedCodeHash()
        + "; for Spark 3.5, Scala 2.12; Java " + Runtime.version() + ")";
  }

  /**
   * What identifies a build for its checkpoints: a hash over the bytecode of every class the checkpoint
   * fingerprint lists. Two builds with the same hash recover each other's checkpoints.
   */
  private static String checkpointedCodeHash() {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (Class<?> type : TallyGraph.FINGERPRINTED) {
        digest.update(BytecodeHash.of(type).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** {@code tally ddl}: the CREATE TABLE statements of the configured tables, for the configured database. */
  private static int printDdl(String[] args, PrintStream out, PrintStream err) {
    if (ConfigParser.wantsHelp(args)) {
      out.println("tally ddl [--jdbc-url URL] [--values F1,F2] [--decimals N] [--window-table NAME ...]: prints the "
          + "CREATE TABLE statements Tally would run; apply them, then run Tally with --create-tables false");
      return EXIT_STOPPED;
    }
    try {
      OptionValues values = ConfigParser.read(args, System.getProperty("spark.master"), System.getenv());
      GraphSettings graph = GraphOptions.of(values);
      JdbcSettings jdbc = JdbcSettings.of(values, graph.parser().valueFields());
      Ddl.statements(jdbc, MetricSchema.of(graph.parser())).forEach(out::println);
      return EXIT_STOPPED;
    } catch (ConfigException e) {
      err.println("tally: " + e.getMessage());
      return EXIT_BAD_CONFIG;
    }
  }

  /** Runs the job until it is asked to stop or fails; returns the exit code. */
  private static int runJob(String[] args, PrintStream out, PrintStream err) {
    if (ConfigParser.wantsHelp(args)) {
      out.println("tally [run] OPTIONS | tally inspect CHECKPOINT_DIR | tally audit OPTIONS | tally ddl OPTIONS | tally --version");
      out.print(Option.usage());
      return EXIT_STOPPED;
    }
    try {
      TallyConfig config = configuration(args, err);
      CrashPoints drill = armedCrashPoints(err);
      Checked checked = checkTheCheckpoint(config, err);
      if (ConfigParser.wantsCheckOnly(args)) {
        // Options and checkpoint both pass: deploy/cluster.sh submits only then, or a supervised driver
        // refused with exit 2 would be launched again and again.
        out.println("tally: configuration OK");
        return EXIT_STOPPED;
      }
      return runUntilStopped(config, checked, drill, out, err);
    } catch (Exit e) {
      return e.code;
    }
  }

  /** An early exit with {@link #code}, already reported. */
  private static final class Exit extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    Exit(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  /** What the checkpoint guard decided, and what it was decided for. */
  private record Checked(Map<String, String> spark, List<InputSource> inputs, CheckpointGenerations generations,
      CheckpointGuard.Plan plan) {}

  /** The options, checked, with the paths they name on this machine. */
  private static TallyConfig configuration(String[] args, PrintStream err) throws Exit {
    try {
      TallyConfig config = TallyConfig.parse(args);
      config.checkPaths();
      return config;
    } catch (ConfigException e) {
      err.println("tally: " + e.getMessage());
      throw new Exit(EXIT_BAD_CONFIG);
    }
  }

  /** The crash points a drill armed with system properties (a mistyped one is refused), logged. */
  private static CrashPoints armedCrashPoints(PrintStream err) throws Exit {
    CrashPoints drill = CrashPoints.fromSystemProperties();
    try {
      drill.describe().ifPresent(armed -> Log.LOG.warn("Fault drill: {}", armed));
    } catch (IllegalArgumentException e) {
      err.println("tally: " + e.getMessage());
      throw new Exit(EXIT_BAD_CONFIG);
    }
    return drill;
  }

  /**
   * The checkpoint guard, before anything connects or starts, and before Spark's classes and log4j
   * load (they take seconds): a refusal exits well within a second of the JVM's start.
   */
  private static Checked checkTheCheckpoint(TallyConfig config, PrintStream err) throws Exit {
    try {
      Map<String, String> spark = sparkSettings(config, System.getProperties());
      List<InputSource> inputs = Inputs.of(config.inputs(), config.graph().parser(), spark.get("spark.master"));
      CheckpointGenerations generations = CheckpointGenerations.forGuard(config.checkpointDir(), spark);
      CheckpointGuard.Plan plan = CheckpointGuard.check(generations, GraphFactory.fingerprint(config.graph(), inputs,
          spark), config.freshStartOnCheckpointChange());
      return new Checked(spark, inputs, generations, plan);
    } catch (ConfigException e) {
      err.println("tally: " + e.getMessage());
      throw new Exit(EXIT_BAD_CONFIG);
    } catch (IOException | RuntimeException e) {
      Log.LOG.error("Cannot check the checkpoint in " + config.checkpointDir() + "; exiting with " + EXIT_FAILED, e);
      throw new Exit(EXIT_FAILED);
    }
  }

  /** Opens the sink, starts the runtime, creates or recovers the context, runs it until a stop or a failure. */
  private static int runUntilStopped(TallyConfig config, Checked checked, CrashPoints drill, PrintStream out,
      PrintStream err) throws Exit {
    StopRequests stop = StopRequests.install(config.stopFile());
    JavaStreamingContext jssc = null;
    try {
      DriverRuntime runtime = DriverRuntime.start(openSink(config, out, err), drill);
      jssc = createOrRecover(config, checked, runtime);
      ClosingBatches closing = ClosingBatches.of(checked.plan().directory(), jssc.sparkContext().hadoopConfiguration());
      runtime.useClosingBatches(closing);
      Map<TopicPartition, Long> targets = config.untilCaughtUp() ? endOffsetsAtStart(checked.inputs()) : Map.of();
      BatchHealthListener health = runtime.watch(jssc, checked.inputs());
      long startedAtMs = System.currentTimeMillis(); // batches from here on are this start's own
      if (config.untilCaughtUp()) {
        runtime.runUntilCaughtUp(new UntilCaughtUp(targets, startedAtMs, !config.graph().eventWindows().isEmpty()));
      }
      jssc.start();
      int code = exitCode(awaitStop(jssc, stop, runtime.untilCaughtUp()), health);
      if (code == EXIT_STOPPED) {
        // Only batches known to be done: a stop that timed out leaves some pending, to be re-run.
        forgetClosingBatchesBefore(closing, Math.min(startedAtMs, health.oldestUnfinishedBatchMs()));
      }
      return code;
    } catch (Exit e) {
      throw e;
    } catch (StartRefusedException e) {
      err.println("tally: " + e.getMessage());
      removeIfNeverCheckpointed(checked.generations(), checked.plan());
      return EXIT_BAD_CONFIG;
    } catch (Throwable e) {
      if (jssc == null && namesAMissingRddCheckpoint(e)) {
        Log.LOG.error("The checkpoint in {} cannot be restored: it names RDD checkpoint files that no longer exist "
            + "(`tally inspect` lists them). Every restart will fail the same way: see \"A checkpoint that cannot be "
            + "restored\" in checkpoint-recovery/README.md", checked.plan().directory());
      }
      Log.LOG.error("Tally failed; exiting with " + EXIT_FAILED + " so that a supervisor restarts it", e);
      if (jssc != null) {
        stopQuietly(jssc);
      }
      removeIfNeverCheckpointed(checked.generations(), checked.plan());
      return EXIT_FAILED;
    }
  }

  /** Where the inputs' partitions end now: what a run until caught up reads to. */
  private static Map<TopicPartition, Long> endOffsetsAtStart(List<InputSource> inputs) throws Exception {
    Map<TopicPartition, Long> targets = new HashMap<>();
    for (InputSource input : inputs) {
      targets.putAll(input.endOffsetsAtStart());
    }
    Log.LOG.info("Until caught up: reading every partition up to its end offset now: {}", new TreeMap<>(
        targets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))));
    return targets;
  }

  /**
   * After a clean stop, the batches a crashed earlier run left pending have been re-run by this one (up
   * to {@code doneBeforeMs}): their records of closing every window are no longer needed.
   */
  private static void forgetClosingBatchesBefore(ClosingBatches closing, long doneBeforeMs) {
    try {
      closing.forgetBefore(doneBeforeMs);
    } catch (IOException e) {
      Log.LOG.warn("Cannot prune the records of batches that closed every window in {}: {}", closing, e.toString());
    }
  }

  /** The configured sink, its tables ready; a database that refuses them is a bad configuration. */
  private static Sink openSink(TallyConfig config, PrintStream out, PrintStream err) throws Exit, SQLException {
    Sink sink;
    try {
      sink = Sinks.of(config.sinkSettings(), config.graph().parser(), out);
    } catch (ConfigException e) {
      err.println("tally: " + e.getMessage());
      throw new Exit(EXIT_BAD_CONFIG);
    }
    if (config.jdbc() != null) {
      Log.LOG.info("Writing to {}", config.jdbc()); // the password shows as (set)
    }
    config.kafka().ifPresent(kafka -> Log.LOG.info("Reading {}", kafka)); // secret properties show as (set)
    return sink;
  }

  /** {@code getOrCreate} in the generation the guard picked: a new graph, or the checkpoint's. */
  private static JavaStreamingContext createOrRecover(TallyConfig config, Checked checked, DriverRuntime runtime) {
    SparkConf conf = new SparkConf(false);
    checked.spark().forEach(conf::set);
    String directory = checked.plan().directory();
    GraphFactory factory = new GraphFactory(conf, directory, config.graph(), checked.inputs(), runtime);
    JavaStreamingContext jssc = CheckpointedContext.getOrCreate(directory, factory, checked.spark());
    if (factory.wasCalled()) {
      Log.LOG.info("Started a new job in {}: {}", directory, config.graph());
    } else {
      Log.LOG.info("Recovered from the checkpoint in {} (the graph and its settings are the checkpoint's; "
          + "batch interval {} ms)", directory, batchMs(jssc));
    }
    return jssc;
  }

  private static long batchMs(JavaStreamingContext jssc) {
    return jssc.ssc().graph().batchDuration().milliseconds();
  }

  /** A requested stop after failed outputs is not a clean one: exit 1, so that they are re-run. */
  private static int exitCode(int stopCode, BatchHealthListener health) {
    if (stopCode == EXIT_STOPPED && health.failedOutputs() > 0) {
      Log.LOG.error("{} batch output(s) failed before the stop; exiting with {} so that they are re-run",
          health.failedOutputs(), EXIT_FAILED);
      return EXIT_FAILED;
    }
    return stopCode;
  }

  /** Spark's recovery failing on an RDD checkpoint file that is gone. */
  private static boolean namesAMissingRddCheckpoint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("Checkpoint directory does not exist")) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a failed start: a generation this start created, and Spark never checkpointed into, goes,
   * so that the next plain start does not take it for the newest.
   */
  private static void removeIfNeverCheckpointed(CheckpointGenerations generations, CheckpointGuard.Plan plan) {
    if (plan.recovers()) {
      return;
    }
    try {
      if (generations.removeIfNeverCheckpointed(plan.generation())) {
        Log.LOG.info("Removed {}: the start failed before its first checkpoint", plan.directory());
      }
    } catch (IOException e) {
      Log.LOG.warn("Cannot remove {}, which was never checkpointed: {}", plan.directory(), e.toString());
    }
  }

  /**
   * Spark's settings for this start, as {@code new SparkConf()} plus Tally's would give them: the
   * {@code spark.*} system properties (spark-submit passes its settings so), the application name,
   * the master unless given, the configuration's {@code --conf}, then Tally's defaults. A plain map:
   * the checkpoint guard reads it before any Spark class loads.
   */
  /** Tally's classes in shuffles, cached batches and checkpointed state; deploy/spark-defaults.conf lists the same. */
  static final String KRYO_CLASSES = "dev.tally.model.Metric,dev.tally.model.TotalState,dev.tally.model.KeyedMetric,"
      + "dev.tally.model.Reject,dev.tally.model.PartitionCounts";
  /** {@code NioLocalFileSystem}'s name: a string, as the guard reads these settings before Hadoop's classes load. */
  static final String LOCAL_FILE_SYSTEM = "dev.tally.checkpoint.NioLocalFileSystem";

  static Map<String, String> sparkSettings(TallyConfig config, Properties system) {
    Map<String, String> spark = new LinkedHashMap<>();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("spark.")) {
        spark.put(name, system.getProperty(name));
      }
    }
    spark.put("spark.app.name", config.appName());
    spark.putIfAbsent("spark.master", config.master());
    spark.putAll(config.sparkConf());
    if (spark.get("spark.master").startsWith("local")) {
      // A local run listens on loopback only.
      spark.putIfAbsent("spark.driver.host", "127.0.0.1");
      spark.putIfAbsent("spark.driver.bindAddress", "127.0.0.1");
      // Local files without a forked chmod each (see NioLocalFileSystem). Local runs only: a cluster's
      // executors could need Hadoop's file system before they have loaded Tally's jar.
      spark.putIfAbsent("spark.hadoop.fs.file.impl", LOCAL_FILE_SYSTEM);
    }
    spark.putIfAbsent("spark.ui.showConsoleProgress", "false");
    // As spark-defaults.conf gives a cluster submit: a local run (tally.sh) serialized with Java's
    // serializer, which a profile at 1,000 events/s found in most of its shuffle and cache reads.
    spark.putIfAbsent("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    spark.putIfAbsent("spark.kryo.classesToRegister", KRYO_CLASSES);
    // Spark's default (10 batches) can be too short for a graceful stop while a restarted job catches up.
    spark.putIfAbsent("spark.streaming.gracefulStopTimeout", Math.max(10 * config.graph().batchMs(), 60_000) + "ms");
    if (config.kafka().isPresent()) {
      if (config.kafkaMaxRate() > 0) {
        spark.putIfAbsent("spark.streaming.kafka.maxRatePerPartition", String.valueOf(config.kafkaMaxRate()));
      }
      spark.putIfAbsent("spark.streaming.backpressure.enabled", String.valueOf(config.backpressure()));
    }
    // Tally stops gracefully itself, from the main thread, on SIGTERM or the stop file.
    spark.putIfAbsent("spark.streaming.stopGracefullyOnShutdown", "false");
    return spark;
  }

  private static int awaitStop(JavaStreamingContext jssc, StopRequests stop, Optional<UntilCaughtUp> untilCaughtUp)
      throws InterruptedException {
    while (true) {
      Optional<String> reason = stop.requested();
      Optional<String> caughtUp = reason.isPresent() ? Optional.empty() : untilCaughtUp.flatMap(UntilCaughtUp::stopReason);
      if (caughtUp.isPresent()) {
        Log.LOG.info("Until caught up: {}; stopping gracefully", caughtUp.get());
        reason = caughtUp;
      } else if (reason.isPresent()) {
        Log.LOG.info("Stop requested ({}): finishing the batches already received, then stopping", reason.get());
      }
      if (reason.isPresent()) {
        drainReceivers(jssc);
        jssc.stop(true, true);
        Log.LOG.info("Stopped gracefully");
        return EXIT_STOPPED;
      }
      if (jssc.awaitTerminationOrTimeout(POLL_MS)) {
        Log.LOG.error("The streaming context stopped without a stop request");
        return EXIT_FAILED;
      }
    }
  }

  /**
   * Ends the socket receivers of this JVM and waits (a few batches at most) until a batch has taken
   * their last lines: Spark's graceful stop would lose them and wait for its timeout.
   */
  private static void drainReceivers(JavaStreamingContext jssc) throws InterruptedException {
    if (!SocketLineReceiver.anyRunning()) {
      return;
    }
    SocketLineReceiver.drainAll();
    ReceiverTracker receivers = jssc.ssc().scheduler().receiverTracker();
    long batchMs = jssc.ssc().graph().batchDuration().milliseconds();
    // A receiver hands its buffer over once per block interval; a batch then takes what was handed over.
    long blockMs = jssc.sparkContext().getConf().getTimeAsMs("spark.streaming.blockInterval", "200ms");
    Thread.sleep(blockMs + 50);
    long deadline = System.currentTimeMillis() + 3 * batchMs;
    while (receivers != null && receivers.hasUnallocatedBlocks() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Stops after a failure, but waits at most {@value #FAILED_STOP_WAIT_MS} ms: the supervisor is waiting. */
  private static void stopQuietly(JavaStreamingContext jssc) {
    Thread stopper = new Thread(() -> {
      try {
        jssc.stop(true, false);
      } catch (RuntimeException e) {
        Log.LOG.warn("Error while stopping after a failure", e);
      }
    }, "tally-stop-after-failure");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(FAILED_STOP_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
