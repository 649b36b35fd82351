package dev.tally.sink.jdbc;

import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.SourceOffset;
import dev.tally.model.TotalState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads back what the sink stored: resume offsets, the per-batch ledger, totals, window rows and
 * reject counts. One read-only connection in one repeatable-read transaction, so that everything an
 * audit reads is one snapshot where the database keeps one (PostgreSQL does). Rows are streamed to
 * callbacks where a table can be large.
 */
public final class SinkReader implements AutoCloseable {
  private final JdbcSettings settings;
  private final Connection connection;

  private SinkReader(JdbcSettings settings, Connection connection) {
    this.settings = settings;
    this.connection = connection;
  }

  public static SinkReader open(JdbcSettings settings) throws SQLException {
    Connection connection = ConnectionPools.open(settings);
    try {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new SinkReader(settings, connection);
  }

  /** A total row: key and its total. */
  @FunctionalInterface
  public interface TotalRows {
    void row(String key, TotalState total);
  }

  /** A window row: the window's length and slide, its end, key and metric. */
  @FunctionalInterface
  public interface WindowRows {
    void row(long windowMs, long slideMs, long windowEndMs, String key, Metric metric);
  }

  /** An event-time window row: the window's length, slide and start, key, end, metric, final or not, and its batch. */
  @FunctionalInterface
  public interface EventWindowRows {
    void row(long windowMs, long slideMs, long windowStartMs, String key, long windowEndMs, Metric metric,
        boolean isFinal, long batchTimeMs);
  }

  /** A reject row without its line: where it was read, its batch, its position there, and why. */
  @FunctionalInterface
  public interface RejectRows {
    void row(String input, long batchTimeMs, long position, String reason);
  }

  /** The resume offsets stored for {@code group} (without range starts or origins). */
  public List<SourceOffset> offsets(String group) throws SQLException {
    List<SourceOffset> offsets = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT topic, kafka_partition, until_offset, batch_time FROM "
        + settings.tables().offsets() + " WHERE group_id = ?")) {
      s.setString(1, group);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          offsets.add(new SourceOffset(rs.getString(1), rs.getInt(2), rs.getLong(3), epochMs(rs, 4)));
        }
      }
    }
    return offsets;
  }

  /** The ledger of {@code group}: every batch's range of every partition, with its checkpoint's origin. */
  public List<SourceOffset> ledger(String group) throws SQLException {
    List<SourceOffset> ranges = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT topic, kafka_partition, from_offset, until_offset, "
        + "batch_time, origin_time FROM " + settings.tables().batches() + " WHERE group_id = ?")) {
      s.setString(1, group);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ranges.add(new SourceOffset(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), epochMs(rs, 5),
              epochMs(rs, 6)));
        }
      }
    }
    return ranges;
  }

  /** Every total row. */
  public void totals(MetricSchema schema, TotalRows rows) throws SQLException {
    Table table = TallyTables.totals(settings.tables(), schema);
    int sums = schema.valueFields().size();
    try (PreparedStatement s = connection.prepareStatement("SELECT " + columns(table) + " FROM " + table.name());
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.row(rs.getString(1), new TotalState(metric(rs, 2, schema), epochMs(rs, 3 + sums), epochMs(rs, 4 + sums), 0));
      }
    }
  }

  /** Every window row, of every window the table holds. */
  public void windows(MetricSchema schema, WindowRows rows) throws SQLException {
    Table table = TallyTables.windows(settings.tables(), schema);
    try (PreparedStatement s = connection.prepareStatement("SELECT " + columns(table) + " FROM " + table.name())) {
      s.setFetchSize(10_000); // PostgreSQL streams instead of loading the whole table (read-only, no autocommit)
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.row(rs.getLong(1), rs.getLong(2), epochMs(rs, 3), rs.getString(4), metric(rs, 5, schema));
        }
      }
    }
  }

  /** Every event-time window row. */
  public void eventWindows(MetricSchema schema, EventWindowRows rows) throws SQLException {
    Table table = TallyTables.eventWindows(settings.tables(), schema);
    int sums = schema.valueFields().size();
    try (PreparedStatement s = connection.prepareStatement("SELECT " + columns(table) + " FROM " + table.name())) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.row(rs.getLong(1), rs.getLong(2), epochMs(rs, 3), rs.getString(4), epochMs(rs, 5),
              metric(rs, 6, schema), rs.getLong(7 + sums) == 1, epochMs(rs, 8 + sums));
        }
      }
    }
  }

  /** Every reject row of an input that {@code input} accepts, without the rejected line. */
  public void rejects(Predicate<String> input, RejectRows rows) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT input, batch_time, position, reason FROM "
        + settings.tables().rejects())) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (input.test(rs.getString(1))) {
            rows.row(rs.getString(1), epochMs(rs, 2), rs.getLong(3), rs.getString(4));
          }
        }
      }
    }
  }

  /** How many rejects each batch stored for {@code input}, by batch time. */
  public Map<Long, Long> rejectCounts(String input) throws SQLException {
    Map<Long, Long> counts = new TreeMap<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT batch_time, count(*) FROM "
        + settings.tables().rejects() + " WHERE input = ? GROUP BY batch_time")) {
      s.setString(1, input);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(epochMs(rs, 1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  /** Rejects per batch time, of every input that {@code input} accepts (a file of a directory, say). */
  public Map<Long, Long> rejectCounts(Predicate<String> input) throws SQLException {
    Map<Long, Long> counts = new TreeMap<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT input, batch_time, count(*) FROM "
        + settings.tables().rejects() + " GROUP BY input, batch_time");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        if (input.test(rs.getString(1))) {
          counts.merge(epochMs(rs, 2), rs.getLong(3), Long::sum);
        }
      }
    }
    return counts;
  }

  private static String columns(Table table) {
    return table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /** Count then sums from column {@code first}, sums back to fixed point. */
  private static Metric metric(ResultSet rs, int first, MetricSchema schema) throws SQLException {
    long[] sums = new long[schema.valueFields().size()];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = rs.getBigDecimal(first + 1 + i).movePointRight(schema.decimals()).longValueExact();
    }
    return Metric.of(rs.getLong(first), sums);
  }

  private static long epochMs(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.rollback(); // read only: nothing to keep
    } finally {
      connection.close();
    }
  }
}
