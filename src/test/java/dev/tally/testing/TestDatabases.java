package dev.tally.testing;

import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.TableNames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Real databases for tests: one PostgreSQL server per test JVM (real binaries from Maven Central,
 * started on first use on 127.0.0.1 and stopped at JVM exit) and H2 file databases. Each test gets
 * its own tables, so tests never see each other's rows. Their data directories live under target/ and
 * are deleted at JVM exit (a suite run used to leave about 100 MB behind in /tmp).
 */
public final class TestDatabases {
  public enum Kind { POSTGRESQL, H2 }

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static Path dataDir;
  private static int port;
  private static Path h2Dir;
  private static boolean cleanUpAtExit;
  /** Under target/, as the test Kafka broker's: what an exit leaves behind goes with mvn clean. */
  private static final Path BUILD_DIR = Path.of("target").toAbsolutePath();

  private TestDatabases() {}

  /** Starts PostgreSQL if needed; restarting after {@link #stopPostgres()} keeps its data. */
  public static synchronized String postgresUrl() {
    if (postgres == null) {
      try {
        if (dataDir == null) {
          dataDir = Files.createTempDirectory(BUILD_DIR, "tally-pg");
          cleanUpAtExit();
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "50");
        if (port != 0) {
          builder.setPort(port);
        }
        postgres = builder.start();
        port = postgres.getPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Stops the PostgreSQL server (a database outage); the next {@link #postgresUrl()} starts it again. */
  public static synchronized void stopPostgres() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = null;
    }
  }

  public static synchronized String h2Url() {
    try {
      if (h2Dir == null) {
        h2Dir = Files.createTempDirectory(BUILD_DIR, "tally-h2");
        cleanUpAtExit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "jdbc:h2:file:" + h2Dir.resolve("tally") + ";AUTO_SERVER=TRUE";
  }

  private static void cleanUpAtExit() {
    if (!cleanUpAtExit) {
      cleanUpAtExit = true;
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopAndDelete, "remove-test-databases"));
    }
  }

  private static synchronized void stopAndDelete() {
    try {
      stopPostgres();
    } catch (RuntimeException e) {
      // already stopping: the embedded server's own exit hook may run first
    } finally {
      deleteTree(dataDir);
      deleteTree(h2Dir);
    }
  }

  /** Best effort: a file that cannot be deleted at exit is left, not worth failing the run for. */
  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left behind
    }
  }

  public static String url(Kind kind) {
    return kind == Kind.POSTGRESQL ? postgresUrl() : h2Url();
  }

  /** Settings with fresh table names; PostgreSQL's embedded server uses user postgres. */
  public static JdbcSettings settings(Kind kind, int poolSize, int attempts, long backoffMs) {
    int n = TABLES.incrementAndGet();
    TableNames tables = new TableNames("t" + n + "_windows", "t" + n + "_totals", "t" + n + "_rejects",
        "t" + n + "_offsets", "t" + n + "_batches");
    String user = kind == Kind.POSTGRESQL ? "postgres" : "tally";
    return new JdbcSettings(url(kind), user, "", poolSize, attempts, backoffMs, backoffMs * 8, 100, tables);
  }

  public static Connection connect(JdbcSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.url(), settings.user(), "");
  }
}
