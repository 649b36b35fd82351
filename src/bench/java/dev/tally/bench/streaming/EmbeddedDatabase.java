package dev.tally.bench.streaming;

import dev.tally.sink.jdbc.ConnectionPools;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.TableNames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL (embedded binaries on 127.0.0.1), started as figure 5 starts it, with
 * {@code synchronous_commit=on} as a production server keeps it: "rows committed" means committed.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final Path dataDir;
  private final EmbeddedPostgres postgres;

  public EmbeddedDatabase() throws IOException {
    dataDir = Files.createTempDirectory("tally-bench-pg");
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on")
        .start();
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Tally's defaults: pool sized to the cores, 6 attempts, 500 ms backoff up to 10 s, write batch 1000. */
  public JdbcSettings settings(String tablePrefix) {
    TableNames tables = new TableNames(tablePrefix + "_windows", tablePrefix + "_totals", tablePrefix + "_rejects",
        tablePrefix + "_offsets", tablePrefix + "_batches");
    return new JdbcSettings(url(), "postgres", "", 0, 6, 500, 10_000, 1000, 60, tables);
  }

  public String serverVersion() {
    try (var c = java.sql.DriverManager.getConnection(url(), "postgres", "")) {
      return c.getMetaData().getDatabaseProductVersion();
    } catch (java.sql.SQLException e) {
      return "?";
    }
  }

  @Override
  public void close() throws IOException {
    ConnectionPools.closeAll(); // before the server goes, so no pooled connection outlives it
    postgres.close();
    StreamingRun.deleteQuietly(dataDir);
  }
}
