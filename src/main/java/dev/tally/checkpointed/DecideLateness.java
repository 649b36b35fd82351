package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindows;
import dev.tally.eventtime.Watermark;
import dev.tally.model.PartitionOutput;
import java.util.Iterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function3;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/**
 * Runs on the driver at each batch: pairs every partition of the parse pass with the batch's watermark
 * (a one-partition RDD: the cartesian product keeps the parse pass's partitions, in order) and runs the
 * second pass, {@link EventTimeCombiner}, on each. Lazy, so the watermark comes from the watermark
 * stream's lineage and checkpoint, never from a value the driver happened to hold.
 */
public final class DecideLateness
    implements Function3<JavaRDD<PartitionOutput>, JavaPairRDD<String, Watermark>, Time, JavaRDD<PartitionOutput>> {
  private static final long serialVersionUID = 1L;

  private final EventWindows windows;
  private final int valueCount;

  public DecideLateness(EventWindows windows, int valueCount) {
    this.windows = windows;
    this.valueCount = valueCount;
  }

  @Override
  public JavaRDD<PartitionOutput> call(JavaRDD<PartitionOutput> parsed, JavaPairRDD<String, Watermark> watermark,
      Time time) {
    return watermark.values().cartesian(parsed).mapPartitions(new CombineTimedEvents(windows, valueCount));
  }

  /** Runs on executors, once per partition of the parse pass with its watermark. */
  public static final class CombineTimedEvents
      implements FlatMapFunction<Iterator<Tuple2<Watermark, PartitionOutput>>, PartitionOutput> {
    private static final long serialVersionUID = 1L;

    private final EventWindows windows;
    private final int valueCount;

    public CombineTimedEvents(EventWindows windows, int valueCount) {
      this.windows = windows;
      this.valueCount = valueCount;
    }

    @Override
    public Iterator<PartitionOutput> call(Iterator<Tuple2<Watermark, PartitionOutput>> pairs) {
      EventTimeCombiner combiner = null;
      while (pairs.hasNext()) {
        Tuple2<Watermark, PartitionOutput> pair = pairs.next();
        if (combiner == null) {
          combiner = new EventTimeCombiner(windows, pair._1().currentMs(), valueCount);
        }
        combiner.accept(pair._2());
      }
      return combiner == null ? java.util.Collections.emptyIterator() : combiner.result().iterator();
    }
  }
}
