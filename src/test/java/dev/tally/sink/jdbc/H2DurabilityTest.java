package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.testing.TallyProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What H2 committed for Tally survives the process being killed right after: else a driver killed after
 * a batch's results and offsets were committed, and the checkpoint recorded the batch as done, loses
 * them (H2 writes commits out up to a second late by default).
 */
class H2DurabilityTest {
  @TempDir Path work;

  @Test
  void rowsCommittedJustBeforeAHaltAreThereAfterIt() throws Exception {
    String url = "jdbc:h2:file:" + work.resolve("db").resolve("tally") + ";AUTO_SERVER=TRUE";
    try (TallyProcess halted = TallyProcess.startCommand(work, Map.of(), List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        CommitThenHalt.class.getName(), url, "200"))) {
      assertEquals(86, halted.waitForExit(60), halted.output());
    }
    try (Connection c = DriverManager.getConnection(url, "tally", "");
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM committed")) {
      r.next();
      assertEquals(200, r.getInt(1));
    }
  }

  @Test
  void aWriteDelayInTheUrlIsLeftToIt() {
    assertEquals(Map.of("WRITE_DELAY", "0"), Dialect.H2.connectionDefaults("jdbc:h2:file:/x/tally;AUTO_SERVER=TRUE"));
    assertEquals(Map.of(), Dialect.H2.connectionDefaults("jdbc:h2:file:/x/tally;write_delay=200"),
        "H2 refuses a setting given twice");
  }
}
