package dev.tally.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads what a Tally process wrote to an H2 database (user tally), for process tests. */
public final class EventWindowTable {
  private EventWindowTable() {}

  /**
   * The rows of {@code tally_event_windows} with one value field {@code v}: "window_start key" → "count
   * sum final=N", and " at=BATCH_TIME" (the batch that wrote it) when asked.
   */
  public static Map<String, String> rows(String db, boolean withBatchTime) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db, "tally", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT window_start, metric_key, event_count, sum_v, is_final, batch_time "
            + "FROM tally_event_windows")) {
      while (r.next()) {
        rows.put(r.getTimestamp(1).getTime() + " " + r.getString(2), r.getLong(3) + " "
            + r.getBigDecimal(4).longValueExact() + " final=" + r.getLong(5)
            + (withBatchTime ? " at=" + r.getTimestamp(6).getTime() : ""));
      }
    }
    return rows;
  }

  /** The first column of each row of {@code sql}, as text. */
  public static List<String> query(String db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db, "tally", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
