package dev.tally.checkpointed;

import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.runtime.BatchFigures;
import dev.tally.sink.SinkHolder;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver at each batch, first of the outputs: collects the partitions' line and reject
 * counts (one small record per partition) and, when there are rejects, hands them to the sink.
 */
public final class RejectsOutput implements VoidFunction2<JavaRDD<PartitionOutput>, Time> {
  private static final long serialVersionUID = 1L;

  @Override
  public void call(JavaRDD<PartitionOutput> parsed, Time time) throws Exception {
    try {
      write(parsed, time);
    } catch (Exception e) { // also Spark's checked SparkException from failed tasks
      BatchFigures.outputFailed(time.milliseconds());
      throw e;
    }
  }

  private void write(JavaRDD<PartitionOutput> parsed, Time time) {
    long lines = 0;
    long rejects = 0;
    for (PartitionOutput out : parsed.filter(new IsPartitionCounts()).collect()) {
      PartitionCounts counts = (PartitionCounts) out;
      lines += counts.lines();
      rejects += counts.rejects();
    }
    BatchFigures.input(time.milliseconds(), lines, rejects);
    if (rejects > 0) {
      SinkHolder.current().writeRejects(time, parsed.flatMap(new SelectRejects()), rejects);
    }
  }
}
