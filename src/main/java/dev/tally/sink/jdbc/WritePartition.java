package dev.tally.sink.jdbc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs on executors, once per partition ({@code foreachPartition}): writes the partition in one
 * {@link TransactionWriter} transaction through this JVM's pool and reports rows written and the
 * pool's figures. Built per batch on the driver, so it is
 * never part of the checkpoint.
 */
public final class WritePartition<T> implements VoidFunction<Iterator<T>> {
  private static final long serialVersionUID = 1L;

  private final JdbcSettings settings;
  private final UpsertSql sql;
  private final RowBinder<T> binder;
  private final LongAccumulator rowsWritten;
  private final CollectionAccumulator<PoolFigures> pools;

  public WritePartition(JdbcSettings settings, UpsertSql sql, RowBinder<T> binder, LongAccumulator rowsWritten,
      CollectionAccumulator<PoolFigures> pools) {
    this.settings = settings;
    this.sql = sql;
    this.binder = binder;
    this.rowsWritten = rowsWritten;
    this.pools = pools;
  }

  @Override
  public void call(Iterator<T> partition) throws Exception {
    // Materialized so that a retry can write the same rows again; partitions hold per-key rows, not events.
    List<T> rows = new ArrayList<>();
    partition.forEachRemaining(rows::add);
    rowsWritten.add(TransactionWriter.ofBatchPartition(settings).write(sql, rows, binder));
    pools.add(ConnectionPools.figures());
  }
}
