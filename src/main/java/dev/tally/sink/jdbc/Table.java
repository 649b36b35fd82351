package dev.tally.sink.jdbc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An output table: key columns then value columns, in the order statements bind them. When
 * {@code newerColumn} is set, an existing row is only overwritten by a row whose value in that column
 * is not older (so a replayed old batch cannot roll a total back).
 */
public record Table(String name, List<Column> keys, List<Column> values, String newerColumn) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Table {
    keys = List.copyOf(keys);
    values = List.copyOf(values);
  }

  public List<Column> columns() {
    List<Column> all = new ArrayList<>(keys);
    all.addAll(values);
    return all;
  }
}
