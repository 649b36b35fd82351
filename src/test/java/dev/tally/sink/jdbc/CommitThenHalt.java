package dev.tally.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * A JVM that commits rows through Tally's own connection settings, then halts at once (as kill -9
 * would): {@code CommitThenHalt URL ROWS}. Exit code 86.
 */
public final class CommitThenHalt {
  private CommitThenHalt() {}

  public static void main(String[] args) throws Exception {
    JdbcSettings settings = new JdbcSettings(args[0], "tally", "", 1, 1, 10, 80, 100,
        new TableNames("w", "t", "r", "o", "b"));
    try (Connection c = ConnectionPools.open(settings)) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS committed (id INT PRIMARY KEY)");
      c.commit();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO committed VALUES (?)")) {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
          insert.setInt(1, i);
          insert.executeUpdate();
          c.commit();
        }
      }
      Runtime.getRuntime().halt(86);
    }
  }
}
