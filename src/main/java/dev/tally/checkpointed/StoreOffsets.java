package dev.tally.checkpointed;

import dev.tally.drill.CrashPoint;
import dev.tally.drill.CrashPoints;
import dev.tally.model.SourceOffset;
import dev.tally.runtime.DriverRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * Runs on the driver as the last output of each batch: takes the batch's offset ranges from the
 * direct stream's own RDD, stores them in the sink in one transaction (with the checkpoint's origin,
 * for the sink's per-batch ledger that an audit replays), then commits them to Kafka
 * asynchronously (so Kafka's tools show the lag). Once any output has failed, nothing more is stored
 * and this output fails too, so the batch stays pending and is re-run after the restart.
 */
public final class StoreOffsets implements VoidFunction2<JavaRDD<ConsumerRecord<String, byte[]>>, Time> {
  private static final long serialVersionUID = 1L;

  private final String group;
  private final CanCommitOffsets stream;
  private final CheckpointOrigin origin;

  public StoreOffsets(String group, CanCommitOffsets stream, CheckpointOrigin origin) {
    this.group = group;
    this.stream = stream;
    this.origin = origin;
  }

  @Override
  public void call(JavaRDD<ConsumerRecord<String, byte[]>> records, Time time) {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    if (runtime.figures().anyOutputFailed()) {
      // Failing this last output keeps the batch pending in the checkpoint: a restart re-runs it.
      throw new IllegalStateException("not storing the offsets of batch " + time.milliseconds()
          + ": an output of this or an earlier batch failed; the driver must restart and re-run it");
    }
    OffsetRange[] ranges = ((HasOffsetRanges) records.rdd()).offsetRanges();
    CrashPoint point = CrashPoint.AFTER_SINK_WRITE_BEFORE_OFFSETS;
    CrashPoints drill = runtime.crashPoints();
    if (drill.armed(point) && Arrays.stream(ranges).mapToLong(OffsetRange::count).sum() > 0) {
      drill.reach(point, "batch " + time.milliseconds() + ", its results written and its offsets not yet stored");
    }
    List<SourceOffset> offsets = new ArrayList<>(ranges.length);
    for (OffsetRange range : ranges) {
      offsets.add(new SourceOffset(range.topic(), range.partition(), range.fromOffset(), range.untilOffset(),
          time.milliseconds(), origin.originMs()));
    }
    runtime.sink().storeOffsets(group, time, offsets);
    stream.commitAsync(ranges);
    runtime.offsetsStored(time.milliseconds(), ranges);
  }
}
