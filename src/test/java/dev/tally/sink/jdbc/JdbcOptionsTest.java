package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.ConfigException;
import dev.tally.config.ConfigParser;
import dev.tally.process.TallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database options: read fresh at every start, passwords only from the environment or a file. */
class JdbcOptionsTest {
  private static final String[] BASE = {"--checkpoint-dir", "/tmp/cp", "--input-dir", "/tmp/in"};

  @TempDir Path tmp;

  private static TallyConfig parse(Map<String, String> env, String... extra) throws ConfigException {
    List<String> args = new ArrayList<>(Arrays.asList(BASE));
    args.addAll(Arrays.asList(extra));
    return TallyConfig.parse(args.toArray(new String[0]), null, env);
  }

  private static ConfigException refused(String... extra) {
    return assertThrows(ConfigException.class, () -> parse(Map.of(), extra));
  }

  @Test
  void defaultsToTheEmbeddedH2Database() throws Exception {
    JdbcSettings jdbc = parse(Map.of()).jdbc();
    assertEquals("jdbc:h2:file:~/.tally/tally;AUTO_SERVER=TRUE", jdbc.url());
    assertEquals("tally", jdbc.user());
    assertEquals(new TableNames("tally_windows", "tally_totals", "tally_rejects", "tally_offsets", "tally_batches",
        "tally_event_windows"), jdbc.tables());
    assertEquals(0, jdbc.poolSize());
    assertEquals(6, jdbc.maxAttempts());
    assertEquals(1000, jdbc.batchSize());
    assertEquals(500, jdbc.backoffMs(1));
    assertEquals(1000, jdbc.backoffMs(2));
    assertEquals(8000, jdbc.backoffMs(5));
    assertEquals(10_000, jdbc.backoffMs(6), "capped by --write-backoff-max");
    assertEquals(7 * 86_400_000L, jdbc.windowRetentionMs());
  }

  @Test
  void postgresWithPasswordFromTheEnvironmentNeverShownInToString() throws Exception {
    TallyConfig c = parse(Map.of(ConfigParser.PASSWORD_ENV, "s3cr3t!"), "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:5432/metrics", "--jdbc-user", "writer", "--pool-size", "3",
        "--window-table", "metrics.win", "--batch-table", "metrics.ledger", "--sink", "jdbc,console");
    assertEquals(List.of("jdbc", "console"), c.sinks());
    assertEquals("writer", c.jdbc().user());
    assertEquals(3, c.jdbc().poolSize());
    assertEquals("metrics.win", c.jdbc().tables().windows());
    assertEquals("metrics.ledger", c.jdbc().tables().batches());
    assertFalse(c.jdbc().toString().contains("s3cr3t"), c.jdbc().toString());
    assertTrue(c.jdbc().toString().contains("password=(set)"), c.jdbc().toString());
  }

  @Test
  void passwordFileWinsOverTheEnvironment() throws Exception {
    Path file = Files.writeString(tmp.resolve("pw"), "from-file\n");
    TallyConfig c = parse(Map.of(ConfigParser.PASSWORD_ENV, "from-env"), "--jdbc-password-file", file.toString());
    // The password itself is package-private to the sink; its effect is checked against a real database.
    assertTrue(c.jdbc().toString().contains("password=(set)"));
    assertEquals("jdbc-password-file",
        refused("--jdbc-password-file", tmp.resolve("missing").toString()).option());
  }

  @Test
  void aPasswordFlagIsRefusedWithTheWayToGiveIt() {
    ConfigException e = refused("--jdbc-password", "hunter2");
    assertEquals("jdbc-password", e.option());
    assertTrue(e.getMessage().contains("TALLY_JDBC_PASSWORD"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void badTableNamesAreRefused() {
    assertEquals("window-table", refused("--window-table", "x; DROP TABLE y").option());
    assertEquals("total-table", refused("--total-table", "1abc").option());
    assertEquals("reject-table", refused("--reject-table", "a.b.c").option());
    assertEquals("window-table", refused("--window-table", "same", "--total-table", "same").option());
    assertEquals("batch-table", refused("--batch-table", "x y").option());
    assertEquals("window-table", refused("--batch-table", "tally_offsets").option());
  }

  @Test
  void otherDatabaseProblemsAreRefused() {
    assertEquals("jdbc-url", refused("--jdbc-url", "jdbc:mysql://localhost/x").option());
    assertEquals("sink", refused("--sink", "jdbc,jdbc").option());
    assertEquals("write-backoff-max", refused("--write-backoff", "5s", "--write-backoff-max", "1s").option());
    assertEquals("pool-size", refused("--pool-size", "-1").option());
    assertEquals("values", refused("--format", "csv", "--values", "a-b,a_b").option());
  }

  @Test
  void urlsThatWouldLeakOrSplitTheDatabaseAreRefused() {
    assertEquals("jdbc-url", refused("--jdbc-url", "jdbc:postgresql://db/x?user=a&password=secret").option());
    assertFalse(refused("--jdbc-url", "jdbc:h2:file:/x;PASSWORD=secret").getMessage().contains("secret"));
    assertEquals("jdbc-url", refused("--jdbc-url", "jdbc:h2:mem:tally").option());
    assertEquals("jdbc-url", refused("--master", "spark://10.0.0.1:7077", "--jdbc-url", "jdbc:h2:file:./db").option());
  }

  @Test
  void relativeH2PathsAreFineOnALocalMaster() throws Exception {
    assertEquals("jdbc:h2:file:./db", parse(Map.of(), "--jdbc-url", "jdbc:h2:file:./db").jdbc().url());
    assertEquals("jdbc:h2:file:/abs/db", parse(Map.of(), "--master", "spark://h:7077", "--jdbc-url",
        "jdbc:h2:file:/abs/db").jdbc().url());
  }

  @Test
  void windowRetentionCanBeOff() throws Exception {
    assertEquals(0, parse(Map.of(), "--window-retention", "0").jdbc().windowRetentionMs());
    assertEquals("window-retention", refused("--window-retention", "soon").option());
  }

  @Test
  void writeTimeoutIsWholeSeconds() throws Exception {
    assertEquals(60, parse(Map.of()).jdbc().timeoutSeconds());
    assertEquals(5, parse(Map.of(), "--write-timeout", "5s").jdbc().timeoutSeconds());
    assertEquals("write-timeout", refused("--write-timeout", "500ms").option());
  }

  @Test
  void aMasterSetThroughConfStillNeedsACorePerReceiver() {
    ConfigException e = assertThrows(ConfigException.class, () -> TallyConfig.parse(new String[] {
        "--checkpoint-dir", "/cp", "--socket", "127.0.0.1:9999", "--conf", "spark.master=local[1]"}, null, Map.of()));
    assertEquals("master", e.option());
  }

  @Test
  void consoleOnlyNeedsNoDatabase() throws Exception {
    assertNull(parse(Map.of(), "--sink", "console", "--jdbc-url", "jdbc:mysql://ignored").jdbc());
  }
}
