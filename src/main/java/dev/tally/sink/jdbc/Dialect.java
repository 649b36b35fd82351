package dev.tally.sink.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL that differs between databases: column types and the idempotent upsert. Values are always
 * bound parameters; names come from validated identifiers only.
 */
public enum Dialect {
  /** The production sink: {@code INSERT ... ON CONFLICT ... DO UPDATE}. */
  POSTGRESQL {
    @Override
    String type(Column c) {
      return switch (c.type()) {
        case BIGINT -> "BIGINT";
        case TEXT -> "TEXT";
        case TIMESTAMP -> "TIMESTAMPTZ";
        case DECIMAL -> "NUMERIC(38," + c.scale() + ")";
      };
    }

    /**
     * The driver sends each {@code executeBatch} as multi-row inserts instead of one statement per row:
     * bench figure 5 measured 34k rows/s without, 53k with. A {@code reWriteBatchedInserts} in the URL wins.
     */
    @Override
    Map<String, String> connectionDefaults(String url) {
      return Map.of("reWriteBatchedInserts", "true"); // the driver lets the URL's value win
    }

    /**
     * Tables whose rows are overwritten (a total is rewritten every batch its key changes) keep free space
     * in each page, so that an update can place the new row version beside the old one without touching
     * the primary key index (a heap-only tuple).
     */
    @Override
    String tableOptions(Table t) {
      return t.newerColumn() != null ? " WITH (fillfactor = 70)" : "";
    }

    @Override
    public String upsert(Table t) {
      return "INSERT INTO " + t.name() + " (" + names(t.columns()) + ") VALUES (" + marks(t.columns().size()) + ")"
          + onConflict(t);
    }

    /**
     * The bulk path: rows are streamed with {@code COPY} into a temporary table private to the session
     * and emptied at each commit (no index, no WAL), then upserted in one {@code INSERT ... SELECT}.
     * Bench figure 5 measured it against the multi-row inserts.
     */
    @Override
    public UpsertSql upsertSql(Table t) {
      String stage = "tally_stage_" + t.name().replace('.', '_');
      String columns = names(t.columns());
      return new UpsertSql(upsert(t),
          "CREATE TEMP TABLE IF NOT EXISTS " + stage + " (LIKE " + t.name() + ") ON COMMIT DELETE ROWS",
          "COPY " + stage + " (" + columns + ") FROM STDIN",
          "INSERT INTO " + t.name() + " (" + columns + ") SELECT " + columns + " FROM " + stage + onConflict(t));
    }

    private String onConflict(Table t) {
      String sql = " ON CONFLICT (" + names(t.keys()) + ") DO UPDATE SET "
          + t.values().stream().map(c -> c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining(", "));
      if (t.newerColumn() != null) {
        sql += " WHERE " + t.name() + "." + t.newerColumn() + " <= EXCLUDED." + t.newerColumn();
      }
      return sql;
    }
  },

  /** The zero-setup default, an embedded file database: {@code MERGE}. */
  H2 {
    /**
     * A commit is on disk when it returns ({@code WRITE_DELAY=0}). By default H2 writes commits out up to
     * a second later, so a driver killed after a batch's results and offsets were committed, and after
     * the checkpoint recorded the batch as done, lost them: the batch was never re-run. H2 refuses a
     * setting given both here and in the URL, so one in the URL is left alone.
     */
    @Override
    Map<String, String> connectionDefaults(String url) {
      return url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=") ? Map.of() : Map.of("WRITE_DELAY", "0");
    }

    @Override
    String type(Column c) {
      return switch (c.type()) {
        case BIGINT -> "BIGINT";
        case TEXT -> "VARCHAR";
        case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
        case DECIMAL -> "NUMERIC(38," + c.scale() + ")";
      };
    }

    @Override
    public String upsert(Table t) {
      if (t.newerColumn() == null) {
        return "MERGE INTO " + t.name() + " (" + names(t.columns()) + ") KEY (" + names(t.keys()) + ") VALUES ("
            + marks(t.columns().size()) + ")";
      }
      // MERGE ... KEY cannot be conditional; the standard MERGE can.
      String source = t.columns().stream().map(c -> "CAST(? AS " + type(c) + ")").collect(Collectors.joining(", "));
      String on = t.keys().stream().map(c -> "t." + c.name() + " = s." + c.name()).collect(Collectors.joining(" AND "));
      return "MERGE INTO " + t.name() + " t USING (VALUES (" + source + ")) s (" + names(t.columns()) + ") ON " + on
          + " WHEN MATCHED AND t." + t.newerColumn() + " <= s." + t.newerColumn() + " THEN UPDATE SET "
          + t.values().stream().map(c -> c.name() + " = s." + c.name()).collect(Collectors.joining(", "))
          + " WHEN NOT MATCHED THEN INSERT (" + names(t.columns()) + ") VALUES ("
          + t.columns().stream().map(c -> "s." + c.name()).collect(Collectors.joining(", ")) + ")";
    }
  };

  /** SQL states worth retrying: connection lost or refused, serialization failure, deadlock, shutdown. */
  private static final Set<String> TRANSIENT_STATES = Set.of(
      "40001", "40P01", "57P01", "57P02", "57P03", "53300", "HYT00", "90067", "90098", "90121");

  abstract String type(Column c);

  /** The idempotent insert-or-update of one row, with one parameter per column in {@link Table#columns()} order. */
  public abstract String upsert(Table table);

  /** The statements that upsert rows of {@code table}: the row upsert, and a bulk path where there is one. */
  public UpsertSql upsertSql(Table table) {
    return UpsertSql.rowsOnly(upsert(table));
  }

  /** Driver properties every connection to {@code url} gets unless the URL sets them. */
  Map<String, String> connectionDefaults(String url) {
    return Map.of();
  }

  public String createTable(Table t) {
    return "CREATE TABLE IF NOT EXISTS " + t.name() + " ("
        + t.columns().stream().map(c -> c.name() + " " + type(c) + (t.keys().contains(c) ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "))
        + ", PRIMARY KEY (" + names(t.keys()) + "))" + tableOptions(t);
  }

  /** Storage options of a new table, after its column list. */
  String tableOptions(Table t) {
    return "";
  }

  public static Dialect forUrl(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException("unsupported database URL (use jdbc:postgresql: or jdbc:h2:)");
  }

  /** True when the failure may go away by itself, so the write is worth retrying. */
  public static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
          return true;
        }
        for (SQLException next = s.getNextException(); next != null; next = next.getNextException()) {
          String nextState = next.getSQLState();
          if (nextState != null && (nextState.startsWith("08") || TRANSIENT_STATES.contains(nextState))) {
            return true;
          }
        }
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
