package dev.tally.checkpointed;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/** Runs on the driver at each slide of one window: hands its rows to the runtime's sink. */
public final class WindowOutput implements VoidFunction2<JavaPairRDD<String, Metric>, Time> {
  private static final long serialVersionUID = 1L;

  private final WindowSpec window;
  private final MetricSchema schema;

  public WindowOutput(WindowSpec window, MetricSchema schema) {
    this.window = window;
    this.schema = schema;
  }

  @Override
  public void call(JavaPairRDD<String, Metric> rows, Time time) throws Exception {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    long written;
    try {
      written = runtime.sink().writeWindow(window, schema, time, rows);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      runtime.figures().outputFailed(time.milliseconds());
      throw e;
    }
    runtime.figures().windowRows(time.milliseconds(), window.id(), written);
    runtime.wrote(time.milliseconds());
  }
}
