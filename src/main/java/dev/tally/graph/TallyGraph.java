package dev.tally.graph;

import dev.tally.checkpointed.AddMetrics;
import dev.tally.checkpointed.AddSeedToFirstBatch;
import dev.tally.checkpointed.AdvanceWatermark;
import dev.tally.checkpointed.BatchMaxEventTime;
import dev.tally.checkpointed.CheckpointedClasses;
import dev.tally.checkpointed.DecideLateness;
import dev.tally.checkpointed.EndOfBatch;
import dev.tally.checkpointed.EventWindowOutput;
import dev.tally.checkpointed.EventWindowRows;
import dev.tally.checkpointed.EventWindowState;
import dev.tally.checkpointed.NamedOutput;
import dev.tally.checkpointed.NonZeroMetric;
import dev.tally.checkpointed.RejectsOutput;
import dev.tally.checkpointed.SelectMetrics;
import dev.tally.checkpointed.SelectWindowMetrics;
import dev.tally.checkpointed.StampBatchTime;
import dev.tally.checkpointed.SubtractMetrics;
import dev.tally.checkpointed.SumPartialsByKey;
import dev.tally.checkpointed.TotalsOutput;
import dev.tally.checkpointed.UpdateTotals;
import dev.tally.checkpointed.UpdateTouchedTotal;
import dev.tally.checkpointed.WindowOutput;
import dev.tally.config.GraphSettings;
import dev.tally.config.TotalsOperator;
import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowStore;
import dev.tally.eventtime.EventWindows;
import dev.tally.eventtime.Watermark;
import dev.tally.input.DirectoryInput;
import dev.tally.input.InputSource;
import dev.tally.input.SocketInput;
import dev.tally.input.kafka.KafkaInput;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.PartitionOutput;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.HashPartitioner;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaMapWithStateDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.Tuple2;

/**
 * The one place that builds Tally's DStream graph:
 *
 * <pre>
 * inputs → parse + combine per partition ─┬→ rejects and line counts → sink
 *                                         └→ sum per key (per batch, persisted) ─┬→ window × N → sink
 *                                                                                └→ running totals → sink
 *                                                                                   (updateStateByKey or mapWithState)
 * </pre>
 *
 * With event-time windows, a second pass sits between parsing and everything else:
 *
 * <pre>
 * parse (timed events) ─┬→ largest event time → watermark (state of one key)
 *                       └→ late events → rejects, the rest summed per key and per open window ←─ watermark
 *                            └→ per (window, key) state, closed by the next batch's watermark → sink
 * </pre>
 *
 * Every function is a named class from {@code checkpointed/}: the graph is kept in the checkpoint,
 * and recovery must find the same classes.
 */
public final class TallyGraph {
  private static final Logger LOG = LogManager.getLogger(TallyGraph.class);

  /**
   * Never serialized into the checkpoint, but their code decides the graph's shape: this class and
   * the inputs that open their streams. The fingerprint lists them after the checkpointed classes
   * ({@link CheckpointedClasses#withBuilders}).
   */
  public static final List<Class<?>> BUILDERS = List.of(
      TallyGraph.class, SocketInput.class, DirectoryInput.class, KafkaInput.class, GeneratedInput.class);

  /** Every class the checkpoint fingerprint lists, in its order. */
  public static final List<Class<?>> FINGERPRINTED = CheckpointedClasses.withBuilders(BUILDERS);

  private TallyGraph() {}

  /**
   * Defines the graph on {@code jssc}. {@code stored} is the sink of this start, read here only for what
   * an earlier run stored (the running totals a new checkpoint is seeded with, the Kafka offsets it
   * resumes from); the graph's outputs never capture it, they find the sink at each batch.
   */
  public static void build(JavaStreamingContext jssc, GraphSettings settings, List<InputSource> inputs, Sink stored) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input");
    }
    JavaDStream<PartitionOutput> parsed = null;
    for (InputSource input : inputs) {
      JavaDStream<PartitionOutput> one = input.parse(jssc, settings.parser(), settings.maxRejectRaw(), stored);
      parsed = parsed == null ? one : parsed.union(one);
    }
    // Read by two outputs (rejects, per-batch aggregate): parse each line once.
    parsed.persist(StorageLevel.MEMORY_ONLY_SER());
    // What everything below reads. With event time, a second pass: late events become rejects, the
    // others are summed as the parse pass sums them without event time; so late events count nowhere.
    JavaDStream<PartitionOutput> decided = parsed;
    JavaPairDStream<String, Watermark> watermarks = null;
    if (!settings.eventWindows().isEmpty()) {
      watermarks = watermarks(parsed, settings);
      decided = parsed.transformWith(watermarks, new DecideLateness(new EventWindows(settings.eventWindows()),
          settings.parser().valueFields().size()));
      decided.persist(StorageLevel.MEMORY_ONLY_SER());
    }
    NamedOutput.register(decided, "rejects", new RejectsOutput());

    int partitions = settings.partitions();
    JavaPairDStream<String, Metric> perBatch =
        decided.flatMapToPair(new SelectMetrics()).transformToPair(new SumPartialsByKey(partitions));
    perBatch.persist(StorageLevel.MEMORY_ONLY_SER());
    // Checkpointed every batch: after a restart the inverse windows subtract old slices read back from
    // the checkpoint, not recomputed from inputs that cannot replay them (sockets) or whose files are
    // gone. The data is one aggregate per key and batch, not the records.
    perBatch.checkpoint(ms(settings.batchMs()));

    MetricSchema schema = MetricSchema.of(settings.parser());
    for (WindowSpec window : settings.windows()) {
      JavaPairDStream<String, Metric> rows = slidingWindow(perBatch, window, settings);
      NamedOutput.register(rows, "window " + window.id(), new WindowOutput(window, schema));
    }

    if (watermarks != null) {
      eventWindows(decided, watermarks, settings, schema);
    }

    JavaPairDStream<String, TotalState> stamped = perBatch.transformToPair(new StampBatchTime());
    List<Tuple2<String, TotalState>> seed = seedTotals(settings, schema, inputs, stored);
    if (!seed.isEmpty()) {
      String seedPath = jssc.ssc().checkpointDir() + "/tally-seed-totals-" + System.currentTimeMillis();
      jssc.sparkContext().parallelizePairs(seed, partitions).saveAsObjectFile(seedPath);
      stamped = stamped.transformToPair(new AddSeedToFirstBatch(seedPath, perBatch.dstream(), partitions));
    }
    NamedOutput.register(runningTotals(stamped, settings), "totals", new TotalsOutput(schema));

    for (InputSource input : inputs) {
      input.afterOutputs(); // registered last: runs only after every other output of the batch
    }
    NamedOutput.register(parsed, "end of batch", new EndOfBatch()); // after even those: a fault drill's crash point
  }

  /**
   * The watermark of each batch, kept as state of a single key: derived from the previous batch's and
   * this batch's largest event time, never from what arrived since, so a batch re-run after a restart
   * decides lateness as its first run did.
   */
  private static JavaPairDStream<String, Watermark> watermarks(JavaDStream<PartitionOutput> parsed,
      GraphSettings settings) {
    JavaPairDStream<String, Watermark> watermarks = parsed.transformToPair(new BatchMaxEventTime())
        .updateStateByKey(new AdvanceWatermark(settings.watermarkDelayMs(), new EventWindows(settings.eventWindows())),
            new HashPartitioner(1));
    watermarks.checkpoint(ms(settings.checkpointIntervalFor(settings.batchMs())));
    return watermarks;
  }

  /**
   * The event-time windows: per (window, key) state that the batch's partials update and the next
   * batch's watermark closes; each batch writes the rows it changed and, final, those it closed.
   */
  private static void eventWindows(JavaDStream<PartitionOutput> decided, JavaPairDStream<String, Watermark> watermarks,
      GraphSettings settings, MetricSchema schema) {
    JavaPairDStream<EventWindowKey, Metric> partials = decided.flatMapToPair(new SelectWindowMetrics());
    EventWindowState state = new EventWindowState(partials.dstream(), watermarks.dstream(), settings.partitions());
    state.checkpoint(ms(settings.checkpointIntervalFor(settings.batchMs())));
    // Live objects, as mapWithState keeps its maps: a store shares the windows a batch did not touch
    // with the previous batch's store; serialized, each batch would copy the whole state.
    state.persist(StorageLevel.MEMORY_ONLY());
    JavaDStream<EventWindowStore> stores = new JavaDStream<>(state, EventWindowState.storeTag());
    NamedOutput.register(stores.flatMap(new EventWindowRows()), "event windows", new EventWindowOutput(schema));
  }

  /**
   * The running totals after each batch, by the configured operator. {@code updateStateByKey} returns
   * every key held, {@code mapWithState} the keys the batch touched; the output writes those whose
   * last-seen time is the batch's, which is the same rows either way.
   */
  private static JavaPairDStream<String, TotalState> runningTotals(JavaPairDStream<String, TotalState> stamped,
      GraphSettings settings) {
    HashPartitioner partitioner = new HashPartitioner(settings.partitions());
    Duration checkpointInterval = ms(settings.checkpointIntervalFor(settings.batchMs()));
    if (settings.totalsOperator() == TotalsOperator.MAP_WITH_STATE) {
      // The TTL in whole batches, as updateStateByKey counts it, so both evict the same keys.
      long ttlMs = (long) settings.stateTtlBatches() * settings.batchMs();
      StateSpec<String, TotalState, long[], Tuple2<String, TotalState>> spec =
          StateSpec.function(new UpdateTouchedTotal(ttlMs)).partitioner(partitioner);
      if (ttlMs > 0) {
        spec = spec.timeout(ms(ttlMs)); // frees idle keys' memory at each state checkpoint
      }
      JavaMapWithStateDStream<String, TotalState, long[], Tuple2<String, TotalState>> touched =
          stamped.mapWithState(spec);
      touched.checkpoint(checkpointInterval); // Spark forwards it to the state stream...
      // ...whose checkpoint() also sets DStream's default MEMORY_ONLY_SER: the whole state map would then be
      // serialized into the cache after every batch and read back by the next (most of a batch's CPU in a
      // profile at 1M keys). mapWithState's own choice is live objects, updated in place.
      touched.dstream().dependencies().head().persist(StorageLevel.MEMORY_ONLY());
      return JavaPairDStream.fromJavaDStream(touched);
    }
    JavaPairDStream<String, TotalState> totals =
        stamped.updateStateByKey(new UpdateTotals(settings.stateTtlBatches()), partitioner);
    totals.checkpoint(checkpointInterval);
    return totals;
  }

  /**
   * The totals an earlier run stored, so that a new checkpoint continues them. When inputs resume
   * from stored offsets, totals newer than those offsets would count some records twice: refused.
   */
  private static List<Tuple2<String, TotalState>> seedTotals(GraphSettings settings, MetricSchema schema,
      List<InputSource> inputs, Sink stored) {
    if (!settings.seedTotals()) {
      return List.of();
    }
    List<Tuple2<String, TotalState>> seed = stored.storedTotals(schema);
    if (seed.isEmpty()) {
      return seed;
    }
    long resumedFrom = inputs.stream().mapToLong(InputSource::resumedFromBatchMs).max().orElse(-1);
    boolean replays = inputs.stream().anyMatch(InputSource::resumesFromStoredOffsets);
    if (replays && resumedFrom < 0) {
      throw new StartRefusedException("the total table has rows but no Kafka offsets are stored for this group: "
          + "seeding would count records twice. Use the group and offset table that wrote those totals, "
          + "or --seed-totals false");
    }
    long newest = seed.stream().mapToLong(t -> t._2().lastSeenMs()).max().orElse(-1);
    if (resumedFrom >= 0 && newest > resumedFrom) {
      throw new StartRefusedException("the stored totals are newer (" + newest + ") than the stored offsets ("
          + resumedFrom + "): the last run stopped between the two. Restart it once from its old checkpoint "
          + "(or stop it gracefully), then start the new checkpoint");
    }
    if (!seed.isEmpty()) {
      LOG.info("Seeding the running totals of a new checkpoint with {} stored keys", seed.size());
    }
    return seed;
  }

  /**
   * A sliding window. When the slide spans several batches (and divides the length), batches are first
   * summed per slide, so the window keeps one slice per slide instead of one per batch: a 24h/5m window
   * on 1 s batches holds 288 slices, not 86 400.
   *
   * <p>A window of at most {@link GraphSettings#plainWindowSlices()} slices is summed from its slices at
   * each slide. A longer one is inverse-reduced with a zero filter: it adds the newest slice to the
   * previous window and subtracts the oldest, whatever the length, but pays a cogroup with the whole
   * previous window and a checkpoint of it every few slides.
   */
  public static JavaPairDStream<String, Metric> slidingWindow(
      JavaPairDStream<String, Metric> perBatch, WindowSpec window, GraphSettings settings) {
    int partitions = settings.partitions();
    JavaPairDStream<String, Metric> slices = perBatch;
    long sliceMs = settings.batchMs();
    if (window.slideMs() > settings.batchMs() && window.lengthMs() % window.slideMs() == 0) {
      slices = perBatch.window(ms(window.slideMs()), ms(window.slideMs()))
          .transformToPair(new SumPartialsByKey(partitions));
      slices.checkpoint(ms(window.slideMs())); // as perBatch: old slices come back from the checkpoint
      sliceMs = window.slideMs();
    }
    if (window.lengthMs() / sliceMs <= settings.plainWindowSlices()) {
      // Depends on no earlier window, so its lineage stays short without a checkpoint of its own.
      return slices.window(ms(window.lengthMs()), ms(window.slideMs()))
          .transformToPair(new SumPartialsByKey(partitions));
    }
    JavaPairDStream<String, Metric> rows = slices.reduceByKeyAndWindow(new AddMetrics(), new SubtractMetrics(),
        ms(window.lengthMs()), ms(window.slideMs()), partitions, new NonZeroMetric());
    rows.checkpoint(ms(settings.checkpointIntervalFor(window.slideMs())));
    return rows;
  }

  private static Duration ms(long millis) {
    return new Duration(millis);
  }
}
