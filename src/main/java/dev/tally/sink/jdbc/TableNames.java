package dev.tally.sink.jdbc;

import java.io.Serializable;

/** The output tables, validated identifiers. */
public record TableNames(String windows, String totals, String rejects, String offsets, String batches,
    String eventWindows) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** With the event-time window table named after the window table. */
  public TableNames(String windows, String totals, String rejects, String offsets, String batches) {
    this(windows, totals, rejects, offsets, batches, windows + "_event");
  }

  public TableNames {
    for (String name : new String[] {windows, totals, rejects, offsets, batches, eventWindows}) {
      if (!SqlIdentifiers.isTableName(name)) {
        throw new IllegalArgumentException("'" + name + "' is not a table name (letters, digits, _; optionally schema.table)");
      }
    }
  }

  @Override
  public String toString() {
    return windows + "," + totals + "," + rejects + "," + offsets + "," + batches + "," + eventWindows;
  }
}
