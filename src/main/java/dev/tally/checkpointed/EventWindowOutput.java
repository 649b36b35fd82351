package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.MetricSchema;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/** Runs on the driver at each batch: hands the event-time window rows it changed or closed to the sink. */
public final class EventWindowOutput implements VoidFunction2<JavaRDD<EventWindowRow>, Time> {
  private static final long serialVersionUID = 1L;

  /** How the health line names the event-time window rows among the windows' ({@code windowRows={...}}). */
  public static final String HEALTH_NAME = "event-time";

  private final MetricSchema schema;

  public EventWindowOutput(MetricSchema schema) {
    this.schema = schema;
  }

  @Override
  public void call(JavaRDD<EventWindowRow> rows, Time time) throws Exception {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    long written;
    try {
      written = runtime.sink().writeEventWindows(schema, time, rows);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      runtime.figures().outputFailed(time.milliseconds());
      throw e;
    }
    runtime.figures().windowRows(time.milliseconds(), HEALTH_NAME, written);
    runtime.wrote(time.milliseconds());
  }
}
