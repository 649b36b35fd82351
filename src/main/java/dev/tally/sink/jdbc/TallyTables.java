package dev.tally.sink.jdbc;

import dev.tally.model.MetricSchema;
import java.util.ArrayList;
import java.util.List;

/** The layout of Tally's output tables for a given metric schema. */
public final class TallyTables {
  private TallyTables() {}

  /** Window rows keyed by (window length, slide, window end, key). */
  public static Table windows(TableNames names, MetricSchema schema) {
    return new Table(names.windows(),
        List.of(Column.of("window_ms", Column.Type.BIGINT), Column.of("slide_ms", Column.Type.BIGINT),
            Column.of("window_end", Column.Type.TIMESTAMP), Column.of("metric_key", Column.Type.TEXT)),
        metricColumns(schema), null);
  }

  /**
   * Event-time window rows keyed by (window length, slide, window start, key), with the window's end,
   * whether it is final (1) and the batch that wrote it; only overwritten by a batch not older, so a
   * re-run batch rewrites its own values and an old one never undoes a final row.
   */
  public static Table eventWindows(TableNames names, MetricSchema schema) {
    List<Column> values = new ArrayList<>();
    values.add(Column.of("window_end", Column.Type.TIMESTAMP));
    values.addAll(metricColumns(schema));
    values.add(Column.of("is_final", Column.Type.BIGINT));
    values.add(Column.of("batch_time", Column.Type.TIMESTAMP));
    return new Table(names.eventWindows(),
        List.of(Column.of("window_ms", Column.Type.BIGINT), Column.of("slide_ms", Column.Type.BIGINT),
            Column.of("window_start", Column.Type.TIMESTAMP), Column.of("metric_key", Column.Type.TEXT)),
        values, "batch_time");
  }

  /** Total rows keyed by key; only overwritten by a batch not older than the stored one. */
  public static Table totals(TableNames names, MetricSchema schema) {
    List<Column> values = new ArrayList<>(metricColumns(schema));
    values.add(Column.of("first_seen", Column.Type.TIMESTAMP));
    values.add(Column.of("last_seen", Column.Type.TIMESTAMP));
    return new Table(names.totals(), List.of(Column.of("metric_key", Column.Type.TEXT)), values, "last_seen");
  }

  /** Reject rows keyed by (input, batch time, position). */
  public static Table rejects(TableNames names) {
    return new Table(names.rejects(),
        List.of(Column.of("input", Column.Type.TEXT), Column.of("batch_time", Column.Type.TIMESTAMP),
            Column.of("position", Column.Type.BIGINT)),
        List.of(Column.of("reason", Column.Type.TEXT), Column.of("raw", Column.Type.TEXT)), null);
  }

  /** Kafka offsets keyed by (group, topic, partition); only overwritten by a batch not older. */
  public static Table offsets(TableNames names) {
    return new Table(names.offsets(),
        List.of(Column.of("group_id", Column.Type.TEXT), Column.of("topic", Column.Type.TEXT),
            Column.of("kafka_partition", Column.Type.BIGINT)),
        List.of(Column.of("until_offset", Column.Type.BIGINT), Column.of("batch_time", Column.Type.TIMESTAMP)),
        "batch_time");
  }

  /**
   * The ledger: the offsets each batch read from each Kafka partition, keyed by (group, topic,
   * partition, batch time), with the origin of the checkpoint that ran the batch. A re-run batch
   * reads the same ranges, so it rewrites the same row. An audit replays the topic through it.
   */
  public static Table batches(TableNames names) {
    return new Table(names.batches(),
        List.of(Column.of("group_id", Column.Type.TEXT), Column.of("topic", Column.Type.TEXT),
            Column.of("kafka_partition", Column.Type.BIGINT), Column.of("batch_time", Column.Type.TIMESTAMP)),
        List.of(Column.of("from_offset", Column.Type.BIGINT), Column.of("until_offset", Column.Type.BIGINT),
            Column.of("origin_time", Column.Type.TIMESTAMP)),
        null);
  }

  private static List<Column> metricColumns(MetricSchema schema) {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.of("event_count", Column.Type.BIGINT));
    for (String field : schema.valueFields()) {
      columns.add(Column.decimal(SqlIdentifiers.sumColumn(field), schema.decimals()));
    }
    return columns;
  }

  /** Every table Tally writes, in the order it prepares them. */
  public static java.util.List<Table> all(TableNames names, MetricSchema schema) {
    return java.util.List.of(windows(names, schema), totals(names, schema), rejects(names), offsets(names), batches(names));
  }
}
