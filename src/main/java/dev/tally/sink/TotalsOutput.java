package dev.tally.sink;

import dev.tally.fn.ChangedInBatch;
import dev.tally.model.MetricSchema;
import dev.tally.model.TotalState;
import dev.tally.ops.BatchStats;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/** Runs on the driver at each batch: hands the totals that changed in it to the installed sink. */
public final class TotalsOutput implements VoidFunction2<JavaPairRDD<String, TotalState>, Time> {
  private static final long serialVersionUID = 1L;

  private final MetricSchema schema;

  public TotalsOutput(MetricSchema schema) {
    this.schema = schema;
  }

  @Override
  public void call(JavaPairRDD<String, TotalState> state, Time time) throws Exception {
    JavaPairRDD<String, TotalState> changed = state.filter(new ChangedInBatch(time.milliseconds()));
    long written;
    try {
      written = SinkHolder.current().writeTotals(schema, time, changed);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      BatchStats.outputFailed(time.milliseconds());
      throw e;
    }
    BatchStats.totalRows(time.milliseconds(), written);
  }
}
