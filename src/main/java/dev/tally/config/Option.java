package dev.tally.config;

import java.util.Locale;

/**
 * Every option Tally takes, with its default and help text: the one list that parsing, validation
 * and {@code --help} share. "Frozen" options shape the DStream graph and are kept in the checkpoint;
 * the others are read fresh at every start.
 */
public enum Option {
  CONFIG("FILE", null, false, false, "properties file; keys are option names without dashes (window=30s/10s,24h/5m), "
      + "plus spark.* settings; flags win"),
  CHECKPOINT_DIR("DIR", null, false, false, "checkpoint directory (required); the job recovers from it on restart"),
  ON_CHECKPOINT_CHANGE("refuse|fresh-start", "refuse", false, false, "when the checkpoint is from another build or "
      + "reads other inputs: refuse to start, or start a new checkpoint generation from the sink's offsets and totals "
      + "(fresh-start; also applies changed * options); see checkpoint-recovery/README.md"),
  MASTER("URL", "local[2]", false, false, "Spark master when not set by spark-submit"),
  APP_NAME("NAME", "tally", false, false, "Spark application name"),
  CONF("KEY=VALUE", null, false, true, "extra Spark setting (repeatable)"),
  BATCH("DURATION", "2s", true, false, "batch interval"),
  SOCKET("HOST:PORT", null, true, true, "socket input, one line per record (repeatable; unioned with the others)"),
  INPUT_DIR("DIR", null, true, false, "monitored directory: files moved in atomically are read once"),
  GENERATE("rate=N[,K=V...]", null, true, false, "generated input, no receiver: N lines/s made on the executors "
      + "in the --format (text or csv), the same for the same batch time; keys=N distinct keys (10000), seed=N (1), "
      + "partitions=N (spark.default.parallelism, else 2), words=N per text line (4), malformed=F fraction rejected (0), "
      + "out-of-order=F fraction stamped earlier (0; csv with --event-time FIELD, whose column gets epoch millis "
      + "through each batch interval), out-of-order-by=DURATION at most (half the --watermark; at most the watermark); "
      + "rate and keys take k or m"),
  KAFKA_BOOTSTRAP("HOST:PORT,...", null, true, false, "Kafka brokers: read --kafka-topics with the direct stream"),
  KAFKA_TOPICS("T1,T2,...", null, true, false, "Kafka topics to read (one record value = one line)"),
  KAFKA_TOPIC_PATTERN("REGEX", null, true, false, "Kafka topics to read, by pattern (instead of --kafka-topics)"),
  KAFKA_GROUP("ID", "tally", true, false, "Kafka consumer group; its offsets are stored with the results"),
  KAFKA_INSTANCE_ID("ID", "GROUP-driver", true, false, "static group membership: a restarted driver takes over at once"),
  KAFKA_START("earliest|latest", "earliest", true, false, "where a group without stored offsets starts"),
  KAFKA_PROPERTY("KEY=VALUE", null, true, true, "Kafka client property, e.g. security.protocol=SASL_SSL "
      + "(repeatable; kafka.KEY in the config file); secret values are never logged"),
  KAFKA_MAX_RATE("N", "10000", true, false, "records per Kafka partition and second at most (0: no limit)"),
  BACKPRESSURE("true|false", "true", true, false, "adapt the Kafka read rate to the processing rate"),
  FORMAT("text|csv|json", "text", true, false, "text: every word is an event; csv/json: one event per line"),
  KEY("FIELD", "key", true, false, "csv/json: field holding the key"),
  VALUES("F1,F2,...", "", true, false, "csv/json: numeric fields summed exactly per key (none: count only)"),
  CSV_COLUMNS("C1,C2,...", "KEY,VALUES", true, false, "csv: column names in line order"),
  CSV_DELIMITER("CHAR", ",", true, false, "csv: column delimiter (\\t for tab)"),
  DECIMALS("N", "4", true, false, "decimals kept in sums (fixed point; more are rounded half up)"),
  WINDOW("LENGTH/SLIDE", "30s/10s", true, true, "sliding window (repeatable), multiples of the batch interval"),
  EVENT_TIME("FIELD|kafka", null, true, false, "csv/json field holding each event's time (epoch millis, epoch "
      + "seconds with a fraction, or ISO-8601 with an offset), or kafka for the record timestamp; needs --event-window"),
  EVENT_WINDOW("LENGTH/SLIDE", null, true, true, "event-time window (repeatable), aligned to the epoch; tumbling "
      + "when SLIDE = LENGTH; the slide divides the length (README, Event time)"),
  WATERMARK("DURATION", "1m", true, false, "event time: how far behind the largest event time seen the watermark "
      + "stays; a window is final once the watermark passes its end, and an event only in final windows is a "
      + "late reject"),
  PLAIN_WINDOW_SLICES("N", String.valueOf(GraphSettings.DEFAULT_PLAIN_WINDOW_SLICES), true, false, "a window of at most N slices (slides, or batches when the slide does "
      + "not divide the length) is summed afresh at each slide; a longer one adds the newest slice to the last "
      + "window and subtracts the oldest (0: always)"),
  STATE_TTL("DURATION", "24h", true, false, "running totals: evict a key idle this long (0: never)"),
  TOTALS_OPERATOR("updateStateByKey|mapWithState", "updateStateByKey", true, false, "running totals: "
      + "updateStateByKey visits every key held in every batch; mapWithState only the keys a batch touches "
      + "(for large key spaces; README, Running totals)"),
  PARTITIONS("N", "4", true, false, "partitions of the per-batch aggregate, the windows and the totals"),
  CHECKPOINT_INTERVAL("DURATION", "10s", true, false, "how often window and total state is checkpointed "
      + "(rounded up to a multiple of each slide)"),
  MAX_LINE_LENGTH("N", "65536", true, false, "longer lines are rejected unread"),
  MAX_KEY_LENGTH("N", "512", true, false, "longer keys are rejected (at most 512: keys are database keys)"),
  MAX_REJECT_RAW("N", "1024", true, false, "a reject keeps at most this many characters of its line"),
  SINK("jdbc|console|jdbc,console", "jdbc", false, false, "where results go: the database at --jdbc-url, "
      + "a console summary, or both"),
  JDBC_URL("URL", "jdbc:h2:file:~/.tally/tally;AUTO_SERVER=TRUE", false, false, "database (jdbc:postgresql:... "
      + "or jdbc:h2:...); the password comes from TALLY_JDBC_PASSWORD or --jdbc-password-file"),
  JDBC_USER("NAME", "tally", false, false, "database user"),
  JDBC_PASSWORD_FILE("FILE", null, false, false, "file holding the database password (else TALLY_JDBC_PASSWORD)"),
  POOL_SIZE("N", "0", false, false, "connections per executor JVM (0: the executor's cores)"),
  WRITE_ATTEMPTS("N", "6", false, false, "tries of a partition's write on transient errors before its task fails"),
  WRITE_BACKOFF("DURATION", "500ms", false, false, "wait before a write's second try, doubling each try; each wait is drawn from the upper half (jitter)"),
  WRITE_BACKOFF_MAX("DURATION", "10s", false, false, "longest wait between tries"),
  WRITE_BATCH("N", "1000", false, false, "rows per JDBC executeBatch"),
  WRITE_TIMEOUT("DURATION", "60s", false, false, "longest a write statement may run (lock waits included)"),
  WINDOW_TABLE("NAME", "tally_windows", false, false, "table of window rows"),
  WINDOW_RETENTION("DURATION", "7d", false, false, "delete window rows this long after their window ended (0: keep)"),
  EVENT_WINDOW_TABLE("NAME", "tally_event_windows", false, false, "table of event-time window rows"),
  TOTAL_TABLE("NAME", "tally_totals", false, false, "table of running totals"),
  REJECT_TABLE("NAME", "tally_rejects", false, false, "table of rejected lines"),
  OFFSET_TABLE("NAME", "tally_offsets", false, false, "table of Kafka offsets stored with the results"),
  BATCH_TABLE("NAME", "tally_batches", false, false, "table of each batch's Kafka offset ranges (the ledger an "
      + "audit replays; pruned with --window-retention)"),
  CREATE_TABLES("true|false", "true", false, false, "create missing tables; false: they were created beforehand "
      + "(tally ddl prints their CREATE TABLE statements) and are only checked"),
  SEED_TOTALS("true|false", "true", false, false, "a new checkpoint starts its running totals from the total table"),
  TOP("N", "5", false, false, "console: keys shown per window and for totals"),
  STOP_FILE("PATH", null, false, false, "stop gracefully when this file appears (as SIGTERM does)"),
  UNTIL_CAUGHT_UP(null, "false", false, false, "a scheduled run: read the Kafka topics up to their end offsets at "
      + "start (in batches bounded by --kafka-max-rate) and the files that arrived since the last run, close every "
      + "event-time window, stop and exit 0; same checkpoint and tables as a streaming run (README, Scheduled runs)"),
  CHECK_CONFIG(null, null, false, false, "check the configuration and exit: 0 when valid, 2 (one line naming the option) when not"),
  HELP(null, null, false, false, "print this help and exit");

  private final String argument;
  private final String defaultValue;
  private final boolean frozen;
  private final boolean repeatable;
  private final String help;

  Option(String argument, String defaultValue, boolean frozen, boolean repeatable, String help) {
    this.argument = argument;
    this.defaultValue = defaultValue;
    this.frozen = frozen;
    this.repeatable = repeatable;
    this.help = help;
  }

  /** The option's name without dashes, e.g. {@code checkpoint-dir}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Option byId(String id) {
    for (Option o : values()) {
      if (o.id().equals(id)) {
        return o;
      }
    }
    return null;
  }

  public boolean takesValue() {
    return argument != null;
  }

  public String argument() {
    return argument;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public boolean frozen() {
    return frozen;
  }

  public boolean repeatable() {
    return repeatable;
  }

  public String help() {
    return help;
  }

  /** The text {@code --help} prints. */
  public static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: tally --checkpoint-dir DIR [--socket HOST:PORT]... [--input-dir DIR] [--generate rate=N] [options]\n");
    out.append("       tally inspect --checkpoint-dir DIR   (what a checkpoint holds; see checkpoint-recovery/README.md)\n\n");
    out.append("Options (* = kept in the checkpoint; a change applies with --on-checkpoint-change fresh-start):\n");
    for (Option o : values()) {
      String left = "  --" + o.id() + (o.takesValue() ? " " + o.argument() : "");
      out.append(String.format("%-34s %s %s", left, o.frozen ? "*" : " ", o.help));
      if (o.defaultValue != null && !o.defaultValue.isEmpty()) {
        out.append(" [default: ").append(o.defaultValue).append(']');
      }
      out.append('\n');
    }
    out.append("\nExit codes: 0 after a requested stop (SIGTERM, SIGINT or the stop file), 2 for a bad\n"
        + "configuration or a checkpoint the guard refuses, 1 for any failure (a supervisor should restart\n"
        + "the driver), 86 when a fault drill's crash point (-Dtally.crashPoint) halts the JVM.\n");
    return out.toString();
  }
}
