package dev.tally.bench.structured;

import dev.tally.checkpointed.GeneratedEvents;
import java.sql.Timestamp;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Runs on the executors of a Structured Streaming query: turns a {@code rate-micro-batch} row
 * (timestamp, value) into (timestamp, the generated line number {@code value}), the same lines, by
 * the same pure generator, as Tally's {@code --generate} input reads.
 */
public final class RateRowToLine implements MapFunction<Row, Tuple2<Timestamp, String>> {
  private static final long serialVersionUID = 1L;

  private final GeneratedEvents events;

  public RateRowToLine(GeneratedEvents events) {
    this.events = events;
  }

  @Override
  public Tuple2<Timestamp, String> call(Row row) {
    Timestamp ts = row.getTimestamp(0);
    long value = row.getLong(1);
    return new Tuple2<>(ts, events.line(ts.getTime(), 0, value));
  }
}
