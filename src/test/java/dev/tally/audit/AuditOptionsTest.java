package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit takes the job's own options; bad options exit 2 with one line naming the option. */
class AuditOptionsTest {
  private static final List<String> KAFKA_JOB = List.of("--kafka-bootstrap", "127.0.0.1:9", "--kafka-topics", "events",
      "--jdbc-url", "jdbc:h2:file:/tmp/tally-audit-options;AUTO_SERVER=TRUE", "--format", "csv", "--values", "cost");

  @TempDir Path tmp;

  private static String refused(String... extra) {
    List<String> args = new ArrayList<>(KAFKA_JOB);
    args.addAll(List.of(extra));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Audit.run(args.toArray(new String[0]), System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    assertEquals(1, message.lines().count(), message);
    return message.strip();
  }

  @Test
  void theJobsCommandLineOrPropertiesFileIsTakenUnchanged() throws Exception {
    List<String> job = new ArrayList<>(KAFKA_JOB);
    job.addAll(List.of("--checkpoint-dir", "/cp", "--master", "spark://h:7077", "--conf", "spark.x=y", "--window",
        "4s/2s", "--window-retention", "0"));
    Audit.parse(job.toArray(new String[0]), Map.of());

    Path file = Files.writeString(tmp.resolve("tally.properties"), String.join("\n", "checkpoint-dir=/cp",
        "kafka-bootstrap=127.0.0.1:9", "kafka-topics=events", "kafka.security.protocol=PLAINTEXT", "format=json",
        "values=cost,clicks", "window=30s/10s,2m/1m", "spark.streaming.kafka.maxRatePerPartition=100"));
    Audit.parse(new String[] {"--config", file.toString(), "--generator-log", file.toString(), "--differences=20"},
        Map.of());
  }

  @Test
  void badOptionsExitTwoNamingTheOption() throws Exception {
    assertTrue(refused("--bogus", "1").startsWith("tally audit: --bogus:"));
    assertTrue(refused("--generator-log", tmp.resolve("missing").toString()).startsWith("tally audit: --generator-log:"));
    assertTrue(refused("--generator-log").startsWith("tally audit: --generator-log: needs a value"));
    assertTrue(refused("--differences", "many").startsWith("tally audit: --differences:"));
    assertTrue(refused("--differences", "1", "--differences", "2").contains("given twice"));
    assertTrue(refused("--sink", "console").startsWith("tally audit: --sink:"));
    assertTrue(refused("--socket", "127.0.0.1:9999").startsWith("tally audit: --socket:"));
    assertTrue(refused("--generate", "rate=10").startsWith("tally audit: --generate:"), "generated lines are in no topic");
    assertTrue(refused("--window", "3s/2s").startsWith("tally audit: --window:"), "the job's own validation");

    assertTrue(refused("--input-dir", "/in").startsWith("tally audit: --input-dir:"), "Kafka and a directory");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, Audit.run(new String[] {"--socket", "127.0.0.1:9"}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tally audit: --kafka-bootstrap:"));
    err.reset();
    assertEquals(2, Audit.run(new String[] {"--input-dir", "/in", "--jdbc-url", "jdbc:h2:file:/tmp/tally-audit-options"}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tally audit: --generator-log: required for a job "
        + "reading a directory"), err.toString(StandardCharsets.UTF_8));
    err.reset();
    Path log = Files.writeString(tmp.resolve("generator.log"), "");
    assertEquals(2, Audit.run(new String[] {"--input-dir", "/in", "--jdbc-url", "jdbc:h2:file:/tmp/tally-audit-options",
        "--format", "csv", "--csv-columns", "key,cost,ts", "--values", "cost", "--event-time", "ts", "--event-window",
        "10s/10s", "--generator-log", log.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tally audit: --event-window: the audit checks "
        + "event-time windows of Kafka jobs only"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Audit.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
        Map.of()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--generator-log FILE"));
  }
}
