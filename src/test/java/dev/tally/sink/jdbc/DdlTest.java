package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.Tally;
import dev.tally.config.ConfigException;
import dev.tally.config.ConfigParser;
import dev.tally.model.MetricSchema;
import dev.tally.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code tally ddl} for a DBA who creates the tables beforehand: its output, applied to an empty
 * PostgreSQL database, creates tables that Tally then accepts with {@code --create-tables false}, and
 * without them Tally creates nothing and refuses clearly.
 */
class DdlTest {
  private static String[] job(String url, String values) {
    return new String[] {"--jdbc-url", url, "--jdbc-user", "postgres", "--format", "csv", "--key", "campaign",
        "--values", values, "--decimals", "2"};
  }

  @Test
  void ddlOnAnEmptyPostgresCreatesTablesTallyAcceptsWithoutCreatingAny() throws Exception {
    String database = "tally_ddl_" + System.nanoTime();
    try (Connection admin = DriverManager.getConnection(TestDatabases.postgresUrl(), "postgres", "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    String url = TestDatabases.postgresUrl().replaceFirst("/postgres$", "/" + database);
    String[] job = job(url, "cost,clicks");
    JdbcSettings managed = JdbcSettings.of(ConfigParser.read(with(job, "--create-tables", "false"), null, Map.of()),
        List.of("cost", "clicks"));
    MetricSchema schema = new MetricSchema(List.of("cost", "clicks"), 2);

    ConfigException refused = assertThrows(ConfigException.class, () -> new JdbcSink(managed).prepare(schema));
    assertTrue(refused.getMessage().startsWith("--window-table: table tally_windows does not exist or cannot be read"),
        refused.getMessage());
    assertTrue(refused.getMessage().endsWith("with --create-tables false it must be created beforehand: tally ddl "
        + "prints its CREATE TABLE statement"), refused.getMessage());
    assertEquals(Set.of(), tables(url), "with --create-tables false Tally creates nothing");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Tally.run(with(new String[] {"ddl"}, job), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String ddl = out.toString(StandardCharsets.UTF_8);
    assertEquals(5, ddl.lines().filter(l -> l.startsWith("CREATE TABLE IF NOT EXISTS ") && l.endsWith(";")).count(), ddl);

    try (Connection dba = DriverManager.getConnection(url, "postgres", ""); Statement s = dba.createStatement()) {
      s.execute(ddl); // the whole text as one script, as psql -f would run it
    }
    Set<String> created = tables(url);
    assertEquals(Set.of("tally_windows", "tally_totals", "tally_rejects", "tally_offsets", "tally_batches"), created);

    new JdbcSink(managed).prepare(schema); // accepted: every column Tally writes is there
    assertEquals(created, tables(url));

    // A table the DBA created for other value fields is refused as before, naming its option.
    JdbcSettings otherValues = JdbcSettings.of(ConfigParser.read(with(job(url, "cost,views"), "--create-tables",
        "false"), null, Map.of()), List.of("cost", "views"));
    ConfigException otherColumns = assertThrows(ConfigException.class,
        () -> new JdbcSink(otherValues).prepare(new MetricSchema(List.of("cost", "views"), 2)));
    assertTrue(otherColumns.getMessage().startsWith("--window-table: table tally_windows exists without column sum_views"),
        otherColumns.getMessage());
  }

  @Test
  void ddlIsTheDialectsOwnCreateStatementsForTheConfiguredNames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Tally.run(new String[] {"ddl", "--jdbc-url", "jdbc:h2:file:/tmp/never-opened", "--total-table",
        "metrics.campaign_totals", "--format", "csv", "--values", "cost"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, code);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith("CREATE TABLE IF NOT EXISTS metrics.campaign_totals (metric_key "), lines.get(1));
    assertTrue(lines.get(1).contains("sum_cost NUMERIC(38,4)"), lines.get(1));
  }

  @Test
  void aBadOptionOfDdlIsOneLineNamingItAndExit2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Tally.run(new String[] {"ddl", "--total-table", "drop table;"}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(List.of("tally: --total-table: 'drop table;' is not a table name (letters, digits and _, optionally "
        + "schema.table)"), err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  private static String[] with(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  private static Set<String> tables(String url) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
