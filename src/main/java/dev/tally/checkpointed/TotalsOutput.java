package dev.tally.checkpointed;

import dev.tally.model.MetricSchema;
import dev.tally.model.TotalState;
import dev.tally.runtime.BatchFigures;
import dev.tally.sink.SinkHolder;
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
      BatchFigures.outputFailed(time.milliseconds());
      throw e;
    }
    BatchFigures.totalRows(time.milliseconds(), written);
  }
}
