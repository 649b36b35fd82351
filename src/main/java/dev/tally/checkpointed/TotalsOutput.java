package dev.tally.checkpointed;

import dev.tally.model.MetricSchema;
import dev.tally.model.TotalState;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/** Runs on the driver at each batch: hands the totals that changed in it to the runtime's sink. */
public final class TotalsOutput implements VoidFunction2<JavaPairRDD<String, TotalState>, Time> {
  private static final long serialVersionUID = 1L;

  private final MetricSchema schema;

  public TotalsOutput(MetricSchema schema) {
    this.schema = schema;
  }

  @Override
  public void call(JavaPairRDD<String, TotalState> state, Time time) throws Exception {
    JavaPairRDD<String, TotalState> changed = state.filter(new ChangedInBatch(time.milliseconds()));
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    long written;
    try {
      written = runtime.sink().writeTotals(schema, time, changed);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      runtime.figures().outputFailed(time.milliseconds());
      throw e;
    }
    runtime.figures().totalRows(time.milliseconds(), written);
    runtime.wrote(time.milliseconds());
  }
}
