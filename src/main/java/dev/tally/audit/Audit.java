package dev.tally.audit;

import dev.tally.config.ConfigException;
import dev.tally.config.ConfigParser;
import dev.tally.config.Durations;
import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.model.MetricSchema;
import dev.tally.model.SourceOffset;
import dev.tally.process.TallyConfig;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.SinkReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kill -9 drill's verifier: replays the job's Kafka topics offline through the sink's per-batch
 * ledger, recomputes every window row and running total ({@link ExpectedResults}), and compares
 * them with what the sink holds, together with records lost or counted twice, the ledger's shape,
 * rejects, and the stored offsets against the topics' end offsets. With {@code --generator-log},
 * also the generator's events against the topic (missing, or held twice after producer retries).
 *
 * <p>Takes the job's own command line or properties file unchanged (its checkpoint directory and
 * Spark settings are not needed and ignored), plus {@code --generator-log FILE} and
 * {@code --differences N}. Run it on a job that has caught up and stopped (or idles): it compares
 * one snapshot of the database. Exit codes: 0 when every check passes, 1 when one differs or the
 * audit cannot run, 2 for bad options.
 */
public final class Audit {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_OPTIONS = 2;

  private static final String GENERATOR_LOG = "generator-log";
  private static final String DIFFERENCES = "differences";
  private static final Duration STALL = Duration.ofSeconds(60);

  private final TallyConfig config;
  private final Path generatorLog;
  private final int differences;

  private Audit(TallyConfig config, Path generatorLog, int differences) {
    this.config = config;
    this.generatorLog = generatorLog;
    this.differences = differences;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /** Runs the audit; returns the exit code. {@code env} holds TALLY_JDBC_PASSWORD, as for the job. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (ConfigParser.wantsHelp(args)) {
      out.print(usage());
      return EXIT_PASSED;
    }
    Audit audit;
    try {
      audit = parse(args, env);
    } catch (ConfigException e) {
      err.println("tally audit: " + e.getMessage());
      return EXIT_BAD_OPTIONS;
    }
    AuditReport report;
    try {
      report = audit.run();
    } catch (IOException | SQLException | RuntimeException e) {
      err.println("tally audit: cannot audit: " + e.getMessage());
      return EXIT_FAILED;
    }
    report.print(out);
    return report.passed() ? EXIT_PASSED : EXIT_FAILED;
  }

  static String usage() {
    return "Usage: java -cp <tally jar>:<spark jars> dev.tally.audit.Audit <the job's options> "
        + "[--generator-log FILE] [--differences N]\n\n"
        + "Replays the job's Kafka topics through the sink's batch ledger and compares every window row, running\n"
        + "total and reject, the records lost or counted twice, and the stored offsets against the topics' ends.\n"
        + "Give the job's own options (or --config FILE): Kafka, database, format, windows, batch; see tally --help.\n"
        + "A job whose only input is --input-dir is checked against --generator-log (every line of its files): totals\n"
        + "exact, each window's rows summing to length/slide times each key's total, each reject stored once.\n"
        + "With --event-window (Kafka only), the batches are replayed in ledger order to recompute each watermark: every\n"
        + "event-time window row (metric, final or not, the batch that wrote it last) and every late event's reject.\n\n"
        + "  --generator-log FILE   one line per produced event (the exact value, with a unique id): also report\n"
        + "                         events missing from the topic and events the topic holds twice\n"
        + "  --differences N        differences shown per check (of records lost or twice: 5 at most) [default: 5]\n\n"
        + "Exit codes: 0 when everything is equal and nothing is lost or counted twice, 1 otherwise (or when the\n"
        + "audit cannot run), 2 for bad options. Audit a job that has caught up and stopped or idles.\n";
  }

  static Audit parse(String[] args, Map<String, String> env) throws ConfigException {
    List<String> jobArgs = new ArrayList<>();
    Map<String, String> own = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2).replaceFirst("=.*", "") : "";
      if (!name.equals(GENERATOR_LOG) && !name.equals(DIFFERENCES)) {
        jobArgs.add(arg);
        continue;
      }
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new ConfigException(name, "needs a value");
      }
      if (own.put(name, value) != null) {
        throw new ConfigException(name, "given twice");
      }
    }
    if (!jobArgs.contains("--checkpoint-dir") && jobArgs.stream().noneMatch(a -> a.startsWith("--checkpoint-dir="))) {
      jobArgs.add("--checkpoint-dir=(not used by the audit)"); // required by the job's parser, never read here
    }
    TallyConfig config = TallyConfig.parse(jobArgs.toArray(new String[0]), null, env);
    if (config.kafka().isEmpty() && config.inputDir().isPresent() && config.sockets().isEmpty()
        && config.generate().isEmpty()) {
      if (!own.containsKey(GENERATOR_LOG)) {
        throw new ConfigException(GENERATOR_LOG, "required for a job reading a directory: it holds every line of its files");
      }
      if (!config.graph().eventWindows().isEmpty()) {
        // Lateness depends on each batch's watermark, which only a replay of the batches in order can give.
        throw new ConfigException("event-window", "the audit checks event-time windows of Kafka jobs only: no ledger "
            + "says which batch read a file");
      }
    } else if (config.kafka().isEmpty()) {
      throw new ConfigException("kafka-bootstrap", "the audit replays Kafka topics: give the job's Kafka options");
    }
    if (config.generate().isPresent() || config.kafka().isPresent()
        && (!config.sockets().isEmpty() || config.inputDir().isPresent())) {
      throw new ConfigException(config.generate().isPresent() ? "generate" : config.sockets().isEmpty() ? "input-dir"
          : "socket", "the audit checks jobs whose only input is Kafka, or only a directory (other inputs' lines are "
          + "in the results but not in the topics)");
    }
    if (config.jdbc() == null) {
      throw new ConfigException("sink", "the audit reads the job's database: the job must have the jdbc sink");
    }
    Path log = null;
    if (own.containsKey(GENERATOR_LOG)) {
      log = Path.of(own.get(GENERATOR_LOG));
      if (!Files.isReadable(log) || Files.isDirectory(log)) {
        throw new ConfigException(GENERATOR_LOG, own.get(GENERATOR_LOG) + " is not a readable file");
      }
    }
    int shown = 5;
    if (own.containsKey(DIFFERENCES)) {
      try {
        shown = Integer.parseInt(own.get(DIFFERENCES).trim());
      } catch (NumberFormatException e) {
        shown = -1;
      }
      if (shown < 0 || shown > 100_000) {
        throw new ConfigException(DIFFERENCES, "'" + own.get(DIFFERENCES) + "' is not a whole number from 0 to 100000");
      }
    }
    return new Audit(config, log, shown);
  }

  private AuditReport run() throws IOException, SQLException {
    if (config.kafka().isEmpty()) {
      return new DirectoryAudit(config.graph(), config.jdbc(), config.inputDir().orElseThrow(), generatorLog, differences)
          .run();
    }
    GraphSettings graph = config.graph();
    KafkaSettings kafka = config.kafka().get();
    JdbcSettings jdbc = config.jdbc();
    MetricSchema schema = MetricSchema.of(graph.parser());
    AuditReport report = new AuditReport();
    try (SinkReader sink = SinkReader.open(jdbc)) {
      List<SourceOffset> stored = sink.offsets(kafka.group());
      ExpectedResults results = new ExpectedResults(graph, sink.ledger(kafka.group()), stored);
      GeneratorLog generator = generatorLog == null ? null : new GeneratorLog();
      long started = System.nanoTime();
      List<TopicReader.Extent> extents = new TopicReader(kafka, STALL).read(results.ledgerTopics(),
          (topic, partition, offset, timestampMs, value) -> {
            results.record(topic, partition, offset, timestampMs, value);
            if (generator != null) {
              generator.topicValue(value);
            }
          });
      long readMs = (System.nanoTime() - started) / 1_000_000;
      Expected expected = results.finish();

      header(report, kafka, jdbc, graph, extents, expected, readMs);
      records(report, expected);
      report.summary("totals=" + totals(report, sink, expected, schema));
      SinkChecks.Windows windows = new SinkChecks.Windows(expected, schema, jdbc.windowRetentionMs(), differences);
      sink.windows(schema, windows::stored);
      report.summary("windows=" + windows.report(report));
      if (expected.eventTime() != null) {
        SinkChecks.EventWindows eventWindows =
            new SinkChecks.EventWindows(expected, graph.eventWindows(), schema, jdbc.windowRetentionMs(), differences);
        sink.eventWindows(schema, eventWindows::stored);
        report.summary("event_windows=" + eventWindows.report(report));
        SinkChecks.LateRejects late = new SinkChecks.LateRejects(expected, differences);
        sink.rejects(kafka::isRejectInput, late::stored);
        report.summary("late=" + late.report(report));
      }
      report.summary("rejects=" + SinkChecks.rejects(report, expected, sink.rejectCounts(kafka::isRejectInput), differences));
      report.summary("offsets=" + offsets(report, extents, stored));
      if (generator != null) {
        generator(report, generator.compare(generatorLog));
      }
    }
    return report;
  }

  private static void header(AuditReport report, KafkaSettings kafka, JdbcSettings jdbc, GraphSettings graph,
      List<TopicReader.Extent> extents, Expected expected, long readMs) {
    String topics = extents.stream().map(TopicReader.Extent::topic).distinct().collect(Collectors.joining(","));
    report.header("Tally audit of group " + kafka.group() + " on " + topics + " (" + extents.size() + " partitions), "
        + "results in " + jdbc.url());
    report.header("job: batch " + Durations.format(graph.batchMs()) + ", windows "
        + graph.windows().stream().map(WindowSpec::id).collect(Collectors.joining(" ")) + ", " + graph.parser()
        + ", state TTL " + Durations.format(graph.stateTtlMs()) + ", seed totals " + graph.seedTotals());
    ExpectedEventTime eventTime = expected.eventTime();
    if (eventTime != null) {
      report.header("event time: " + (graph.parser().eventTimeFromRecord() ? "the Kafka record timestamps"
          : "field " + graph.parser().eventTimeField()) + ", windows "
          + graph.eventWindows().stream().map(WindowSpec::id).collect(Collectors.joining(" ")) + ", watermark delay "
          + Durations.format(graph.watermarkDelayMs()) + "; replayed " + eventTime.events() + " events: "
          + eventTime.lateRejects().size() + " late, " + eventTime.rows().size() + " (window, key) rows, "
          + eventTime.openPairs() + " still open at the watermark " + EventTimeReplay.format(eventTime.watermarkMs()));
    }
    report.header(expected.firstBatchMs() < 0 ? "ledger: empty"
        : "ledger: " + expected.batches() + " batches of " + expected.origins() + " checkpoint origin(s), "
            + Ledger.time(expected.firstBatchMs()) + " to " + Ledger.time(expected.lastBatchMs())
            + "; read " + expected.records() + " records in " + readMs + " ms");
  }

  private void records(AuditReport report, Expected expected) {
    report.info("records in the topics", expected.records());
    report.info("records read by the job's batches (ledger)", expected.counted());
    report.none("records lost (below the stored offsets, in no batch)", expected.lost());
    report.none("records counted twice (in two or more batches)", expected.countedTwice());
    report.none("records not read yet (from the stored offsets on)", expected.pending());
    report.none("ledger gaps, overlaps and other anomalies", expected.ledgerAnomalies().size());
    SinkChecks.Differences.report(report, "lost record", differences, expected.lostExamples());
    SinkChecks.Differences.report(report, "record counted twice", differences, expected.countedTwiceExamples());
    SinkChecks.Differences.report(report, "ledger", differences, expected.ledgerAnomalies());
    report.summary("records=" + expected.records());
    report.summary("lost=" + expected.lost());
    report.summary("twice=" + expected.countedTwice());
    report.summary("pending=" + expected.pending());
    report.summary("anomalies=" + expected.ledgerAnomalies().size());
  }

  private String totals(AuditReport report, SinkReader sink, Expected expected, MetricSchema schema)
      throws SQLException {
    SinkChecks.Totals totals = new SinkChecks.Totals(expected.totals(), schema, differences);
    sink.totals(schema, (key, total) -> totals.stored(key, total.metric()));
    return totals.report(report);
  }

  /** Per partition: the stored offset must be the topic's end (the job read everything). */
  private static String offsets(AuditReport report, List<TopicReader.Extent> extents, List<SourceOffset> stored) {
    Map<String, Long> storedUntil = new HashMap<>();
    stored.forEach(s -> storedUntil.put(s.topic() + "-" + s.partition(), s.untilOffset()));
    int equal = 0;
    for (TopicReader.Extent e : extents) {
      String partition = e.topic() + "-" + e.partition();
      Long until = storedUntil.get(partition);
      boolean ok = until != null && until == e.end();
      equal += ok ? 1 : 0;
      report.check("offsets " + partition + ": stored = end", e.end(), until == null ? "none" : until, ok);
      if (e.begin() > 0) {
        report.note(partition + ": the log starts at offset " + e.begin()
            + " (older records were deleted by the topic's retention and cannot be checked)");
      }
    }
    return equal + "/" + extents.size();
  }

  private void generator(AuditReport report, GeneratorLog.Result g) {
    report.info("generator events logged", g.logged());
    report.none("generator events missing from the topic", g.missing());
    report.none("generator events in the topic twice (producer retries)", g.extraCopies());
    report.none("topic records not in the generator log", g.notLogged());
    SinkChecks.Differences.report(report, "missing from the topic", differences, g.missingExamples());
    SinkChecks.Differences.report(report, "in the topic twice", differences, g.extraCopyExamples());
    report.summary("generator-missing=" + g.missing());
    report.summary("generator-twice=" + g.extraCopies());
    report.summary("not-logged=" + g.notLogged());
  }
}
