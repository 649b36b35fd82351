package dev.tally.checkpointed;

import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver at each batch, first of the outputs: collects the partitions' line and reject
 * counts (one small record per partition, with the batch's watermark when it has event-time windows)
 * and, when there are rejects, hands them to the sink.
 */
public final class RejectsOutput implements VoidFunction2<JavaRDD<PartitionOutput>, Time> {
  private static final long serialVersionUID = 1L;

  @Override
  public void call(JavaRDD<PartitionOutput> parsed, Time time) throws Exception {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    try {
      write(runtime, parsed, time);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      runtime.figures().outputFailed(time.milliseconds());
      throw e;
    }
  }

  private void write(DriverRuntime runtime, JavaRDD<PartitionOutput> parsed, Time time) {
    long lines = 0;
    long rejects = 0;
    long watermark = PartitionCounts.NO_EVENT_TIME;
    for (PartitionOutput out : parsed.filter(new IsPartitionCounts()).collect()) {
      PartitionCounts counts = (PartitionCounts) out;
      lines += counts.lines();
      rejects += counts.rejects();
      watermark = Math.max(watermark, counts.watermarkMs()); // every partition of a batch has the same one
    }
    runtime.figures().input(time.milliseconds(), lines, rejects);
    if (watermark != PartitionCounts.NO_EVENT_TIME) {
      runtime.figures().watermark(time.milliseconds(), watermark);
    }
    if (rejects > 0) {
      runtime.sink().writeRejects(time, parsed.flatMap(new SelectRejects()), rejects);
      runtime.wrote(time.milliseconds());
    }
  }
}
