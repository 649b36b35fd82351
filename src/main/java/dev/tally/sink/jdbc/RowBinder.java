package dev.tally.sink.jdbc;

import java.io.Serializable;
import java.sql.SQLException;

/** Puts one output row's values, in the table's column order, into statement parameters or COPY text. */
public interface RowBinder<T> extends Serializable {
  void bind(RowValues values, T row) throws SQLException;
}
