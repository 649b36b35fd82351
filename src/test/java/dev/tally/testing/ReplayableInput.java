package dev.tally.testing;

import dev.tally.input.InputSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Test input that survives a checkpoint (queueStream does not): batch N's lines are a pure function
 * of the batch time, so a recovered job recomputes old and re-run batches exactly, as a file or
 * Kafka input would.
 */
public final class ReplayableInput implements InputSource {
  /**
   * Lines by input name for {@link #live}: not serialized with the graph, so a test can change what
   * a recovered job reads, as a socket forgets what it sent before a crash.
   */
  public static final java.util.Map<String, List<List<String>>> LIVE = new java.util.concurrent.ConcurrentHashMap<>();

  private final String name;
  private final ArrayList<ArrayList<String>> batches;
  private final long batchMs;

  public ReplayableInput(String name, List<List<String>> batches, long batchMs) {
    this.name = name;
    this.batches = new ArrayList<>();
    for (List<String> batch : batches) {
      this.batches.add(new ArrayList<>(batch));
    }
    this.batchMs = batchMs;
  }

  private boolean live;

  /** An input whose lines are looked up in {@link #LIVE} at each batch, also after recovery. */
  public static ReplayableInput live(String name, long batchMs) {
    ReplayableInput input = new ReplayableInput(name, List.of(), batchMs);
    input.live = true;
    return input;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    ClassTag<String> tag = ClassTag$.MODULE$.apply(String.class);
    return new JavaDStream<>(new ByBatchTime(jssc.ssc(), live ? null : batches, live ? name : null, batchMs, tag), tag);
  }

  /** Batch at time t (ManualClock starts at 0) holds {@code batches[t / batchMs - 1]}. */
  static final class ByBatchTime extends InputDStream<String> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<ArrayList<String>> batches;
    private final String liveName;
    private final long batchMs;

    ByBatchTime(StreamingContext ssc, ArrayList<ArrayList<String>> batches, String liveName, long batchMs,
        ClassTag<String> tag) {
      super(ssc, tag);
      this.batches = batches;
      this.liveName = liveName;
      this.batchMs = batchMs;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public Option<RDD<String>> compute(Time validTime) {
      int index = (int) (validTime.milliseconds() / batchMs) - 1;
      List<? extends List<String>> all = liveName != null ? LIVE.getOrDefault(liveName, List.of()) : batches;
      List<String> lines = index >= 0 && index < all.size() ? all.get(index) : List.of();
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(context().sparkContext());
      return Option.apply(sc.parallelize(lines, 2).rdd());
    }
  }
}
