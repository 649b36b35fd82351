package dev.tally.sink.jdbc;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds one output row to an upsert's parameters, in the table's column order. */
public interface RowBinder<T> extends Serializable {
  void bind(PreparedStatement statement, T row) throws SQLException;
}
