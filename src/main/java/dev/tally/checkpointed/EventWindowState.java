package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindowStore;
import dev.tally.eventtime.Watermark;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.DStream;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The event-time windows' state: one {@link EventWindowStore} per partition and batch, made from the
 * previous batch's (this stream at the previous batch time, as Spark's own state streams do, so a
 * recovery starts from a checkpointed batch and recomputes the ones after it), the batch's watermark
 * and the batch's partials, hash-partitioned by (window, key) into the same partitions every batch.
 *
 * <p>Not {@code updateStateByKey}: its function cannot see the watermark, and it visits every held
 * (key, window) every batch. Not {@code mapWithState}: it calls its function only for keys with new
 * data, so windows nobody writes to would never close. Part of the graph kept in the checkpoint.
 */
public final class EventWindowState extends DStream<EventWindowStore> {
  private static final long serialVersionUID = 1L;

  private final DStream<Tuple2<EventWindowKey, Metric>> partials;
  private final DStream<Tuple2<String, Watermark>> watermarks;
  private final int partitions;

  public EventWindowState(DStream<Tuple2<EventWindowKey, Metric>> partials,
      DStream<Tuple2<String, Watermark>> watermarks, int partitions) {
    super(partials.ssc(), storeTag());
    this.partials = partials;
    this.watermarks = watermarks;
    this.partitions = partitions;
  }

  @Override
  public Duration slideDuration() {
    return partials.slideDuration();
  }

  @Override
  public scala.collection.immutable.List<DStream<?>> dependencies() {
    List<DStream<?>> parents = List.of(partials, watermarks);
    return JavaConverters.asScalaBuffer(parents).toList();
  }

  @Override
  public Option<RDD<EventWindowStore>> compute(Time validTime) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(ssc().sparkContext());
    Option<RDD<EventWindowStore>> before = getOrCompute(validTime.$minus(slideDuration()));
    JavaRDD<EventWindowStore> previous = before.isDefined()
        ? new JavaRDD<>(before.get(), storeTag())
        : sc.parallelize(emptyStores(), partitions); // the first batch: element i alone in partition i
    Option<RDD<Tuple2<String, Watermark>>> watermark = watermarks.getOrCompute(validTime);
    if (watermark.isEmpty()) {
      throw new IllegalStateException("no watermark for batch " + validTime);
    }
    ClassTag<String> keyTag = ClassTag$.MODULE$.apply(String.class);
    ClassTag<Watermark> watermarkTag = ClassTag$.MODULE$.apply(Watermark.class);
    JavaRDD<Watermark> batchWatermark = new JavaPairRDD<>(watermark.get(), keyTag, watermarkTag).values();
    Option<RDD<Tuple2<EventWindowKey, Metric>>> batch = partials.getOrCompute(validTime);
    JavaPairRDD<EventWindowKey, Metric> batchPartials = batch.isDefined()
        ? new JavaPairRDD<>(batch.get(), ClassTag$.MODULE$.apply(EventWindowKey.class), ClassTag$.MODULE$.apply(Metric.class))
        : JavaPairRDD.fromJavaRDD(sc.emptyRDD());
    // The watermark's single partition times the stores' partitions keeps their number and order.
    JavaRDD<EventWindowStore> next = batchWatermark.cartesian(previous)
        .zipPartitions(batchPartials.partitionBy(new HashPartitioner(partitions)), new UpdateEventWindows());
    next.setName("event-time window state of batch " + validTime.milliseconds());
    return Option.apply(next.rdd());
  }

  private List<EventWindowStore> emptyStores() {
    List<EventWindowStore> stores = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      stores.add(EventWindowStore.empty());
    }
    return stores;
  }

  /**
   * The tag Spark's Java API gives its streams (AnyRef): one naming the store's class would put that
   * class into the serialized graph, though only the checkpointed RDDs hold stores.
   */
  @SuppressWarnings("unchecked")
  public static ClassTag<EventWindowStore> storeTag() {
    return (ClassTag<EventWindowStore>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();
  }
}
