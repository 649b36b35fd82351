package dev.tally.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks that span subsystems, made on the option values alone: each subsystem checks its own
 * options beside its settings, these see several at once.
 */
public final class CrossChecks {
  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private CrossChecks() {}

  /** At least one input is given. */
  public static void someInput(OptionValues v) throws ConfigException {
    if (v.all(Option.SOCKET).isEmpty() && v.get(Option.INPUT_DIR) == null && v.get(Option.KAFKA_BOOTSTRAP) == null
        && v.get(Option.GENERATE) == null) {
      throw new ConfigException(Option.INPUT_DIR.id(), "no input: give --input-dir DIR, --socket HOST:PORT, "
          + "--kafka-bootstrap with --kafka-topics and/or --generate rate=N");
    }
  }

  /** A local master has a core for each socket receiver, and one more to process the batches. */
  public static void coresForReceivers(OptionValues v) throws ConfigException {
    String master = v.effectiveMaster();
    int receivers = v.all(Option.SOCKET).size();
    int cores = localCores(master);
    if (cores > 0 && cores <= receivers) {
      throw new ConfigException(Option.MASTER.id(), master + " has " + cores + " core(s) but "
          + receivers + " socket receiver(s) each hold one: use local[" + (receivers + 1) + "] or more");
    }
  }

  /** One job at a time: a batch's Kafka offsets are stored only after all its results (sinks and inputs). */
  public static void outputsInOrder(OptionValues v) throws ConfigException {
    if (!v.sparkConf().getOrDefault("spark.streaming.concurrentJobs", "1").trim().equals("1")) {
      throw new ConfigException(Option.CONF.id(), "spark.streaming.concurrentJobs must stay 1: a batch's offsets "
          + "are stored only after all its results, which needs its outputs to run in order");
    }
  }

  /**
   * A run until caught up needs inputs with an end to read to: Kafka topics (their end offsets at
   * start) and directories (the files there at start). True when asked for and possible.
   */
  public static boolean untilCaughtUp(OptionValues v) throws ConfigException {
    if (!v.bool(Option.UNTIL_CAUGHT_UP)) {
      return false;
    }
    String id = Option.UNTIL_CAUGHT_UP.id();
    if (!v.all(Option.SOCKET).isEmpty()) {
      throw new ConfigException(id, "a socket input cannot be caught up: it has no end to read to (read Kafka topics)");
    }
    if (v.get(Option.GENERATE) != null) {
      throw new ConfigException(id, "generated input never ends: there is nothing to catch up with");
    }
    return true;
  }

  /** True when the job runs with a local master (one JVM, the driver's). */
  public static boolean localMaster(OptionValues v) {
    return v.effectiveMaster().trim().startsWith("local");
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
}
