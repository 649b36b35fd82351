package dev.tally.checkpointed;

import dev.tally.drill.CrashPoint;
import dev.tally.model.PartitionOutput;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver as the last output of every batch, after all the others (stored offsets
 * included): the place of the {@code after-batch-before-checkpoint} crash point. Spark writes the
 * checkpoint that records a batch as completed only after its last output job has finished, so a
 * halt here leaves the batch pending in the checkpoint. Touches no data; tells a run until caught up
 * that the batch is done.
 */
public final class EndOfBatch implements VoidFunction2<JavaRDD<PartitionOutput>, Time> {
  private static final long serialVersionUID = 1L;

  @Override
  public void call(JavaRDD<PartitionOutput> parsed, Time time) {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    CrashPoint point = CrashPoint.AFTER_BATCH_BEFORE_CHECKPOINT;
    if (runtime.crashPoints().armed(point) && runtime.figures().linesSoFar(time.milliseconds()) > 0) {
      runtime.crashPoints().reach(point, "the end of batch " + time.milliseconds());
    }
    runtime.batchDone(time.milliseconds());
  }
}
