package dev.tally.checkpointed;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.runtime.BatchFigures;
import dev.tally.sink.SinkHolder;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/** Runs on the driver at each slide of one window: hands its rows to the installed sink. */
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
    long written;
    try {
      written = SinkHolder.current().writeWindow(window, schema, time, rows);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      BatchFigures.outputFailed(time.milliseconds());
      throw e;
    }
    BatchFigures.windowRows(time.milliseconds(), window.id(), written);
  }
}
