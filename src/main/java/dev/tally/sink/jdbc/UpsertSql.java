package dev.tally.sink.jdbc;

import java.io.Serializable;

/**
 * The statements that upsert a table's rows, built once on the driver and shipped to executors.
 * {@code row} upserts one row per bound parameter set; where the database has a bulk path
 * (PostgreSQL), {@code stage} creates a session-private staging table emptied at each commit,
 * {@code copy} streams rows into it, and {@code fromStage} upserts them all in one set-based statement.
 */
public record UpsertSql(String row, String stage, String copy, String fromStage) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Statements for a database without a bulk path. */
  public static UpsertSql rowsOnly(String row) {
    return new UpsertSql(row, null, null, null);
  }

  public boolean hasBulkPath() {
    return copy != null;
  }
}
