package dev.tally.sink.jdbc;

import dev.tally.model.Reject;
import java.sql.SQLException;

/** Binds a reject row: input, batch time, position, reason, raw line. */
public final class RejectRowBinder implements RowBinder<Reject> {
  private static final long serialVersionUID = 1L;

  private final long batchTimeMs;

  public RejectRowBinder(long batchTimeMs) {
    this.batchTimeMs = batchTimeMs;
  }

  @Override
  public void bind(RowValues s, Reject r) throws SQLException {
    s.setString(1, r.input());
    s.setTimestamp(2, batchTimeMs);
    s.setLong(3, r.position());
    s.setString(4, storable(r.reason()));
    s.setString(5, storable(r.raw()));
  }

  /** PostgreSQL text cannot hold NUL: keep the rest of a hostile line, marking where NULs were. */
  static String storable(String text) {
    return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
  }
}
