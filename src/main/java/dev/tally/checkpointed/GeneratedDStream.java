package dev.tally.checkpointed;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * An input stream with no receiver: each batch is an RDD of {@code partitions} slice descriptors
 * whose lines are made on the executors by {@link SliceLines}. The lines depend only on the batch
 * time and the settings held here, so a batch re-run after recovery is identical (exactly-once with
 * idempotent outputs, as a replayable file or Kafka input).
 *
 * <p>Part of the DStream graph kept in the checkpoint: its fields are small serializable values.
 */
public final class GeneratedDStream extends InputDStream<String> {
  private static final long serialVersionUID = 1L;

  private final GeneratedEvents events;
  private final int partitions;

  public GeneratedDStream(StreamingContext ssc, GeneratedEvents events, int partitions) {
    super(ssc, ClassTag$.MODULE$.apply(String.class));
    this.events = events;
    this.partitions = partitions;
  }

  @Override
  public void start() {} // nothing to connect to

  @Override
  public void stop() {}

  @Override
  public Option<RDD<String>> compute(Time validTime) {
    long timeMs = validTime.milliseconds();
    long intervalMs = slideDuration().milliseconds();
    long lines = events.linesInBatch(intervalMs, timeMs);
    List<GeneratedSlice> slices = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      slices.add(new GeneratedSlice(timeMs, intervalMs, p, GeneratedEvents.linesInSlice(lines, partitions, p)));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(context().sparkContext());
    // One descriptor per partition: parallelize puts element i alone in partition i.
    RDD<String> rdd = sc.parallelize(slices, partitions).flatMap(new SliceLines(events)).rdd();
    rdd.setName("generated lines of batch " + timeMs);
    return Option.apply(rdd);
  }

  public int partitions() {
    return partitions;
  }
}
