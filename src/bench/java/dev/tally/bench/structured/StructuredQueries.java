package dev.tally.bench.structured;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import dev.tally.bench.BenchContext;
import dev.tally.bench.streaming.StreamingRun;
import dev.tally.bench.streaming.Workload;
import dev.tally.checkpointed.GeneratedEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Tally's query written in Structured Streaming, idiomatically: {@code rate-micro-batch} (a fixed
 * number of rows per micro-batch, event time advancing 1 s per batch, as DStream batch times do) →
 * the same generated csv lines → {@code split} and {@code cast} (decimal, exact like Tally's fixed
 * point) → a stateful aggregation → the {@code noop} sink in update mode.
 *
 * <p>Structured Streaming cannot run two independent aggregations of one source in one query, so
 * the window and the running totals are two queries, each generating and parsing its own input.
 */
public final class StructuredQueries {
  private final SparkSession spark;
  private final ProgressRecorder recorder = new ProgressRecorder();

  public StructuredQueries(BenchContext context) {
    context.spark(); // the shared local[2] context: the session attaches to it
    this.spark = SparkSession.builder().master(BenchContext.MASTER).appName("tally-bench").getOrCreate();
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(Workload.PARTITIONS)); // as Tally's --partitions
    spark.conf().set("spark.sql.streaming.numRecentProgressUpdates", "1000");
    spark.streams().addListener(recorder);
  }

  /** Parsed events: (ts, key, cost decimal(38,4), clicks long). */
  public Dataset<Row> events(Workload workload, long rowsPerBatch) {
    GeneratedEvents generator = workload.spec(rowsPerBatch).events(workload.parser());
    Dataset<Row> rate = spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", rowsPerBatch)
        .option("numPartitions", Workload.GENERATED_PARTITIONS)
        .option("advanceMillisPerBatch", Workload.BATCH_MS)
        .option("startTimestamp", 0)
        .load();
    Dataset<Row> lines = rate.map(new RateRowToLine(generator), Encoders.tuple(Encoders.TIMESTAMP(), Encoders.STRING()))
        .toDF("ts", "line");
    Dataset<Row> fields = lines.select(col("ts"), split(col("line"), ",").as("f"));
    return fields.select(col("ts"), col("f").getItem(0).as("key"),
        col("f").getItem(1).cast("decimal(38,4)").as("cost"), col("f").getItem(2).cast("long").as("clicks"));
  }

  /** A sliding event-time window per key; the watermark lets closed windows leave the state. */
  public static Dataset<Row> slidingWindow(Dataset<Row> events, long lengthMs, long slideMs) {
    return events.withWatermark("ts", "0 seconds")
        .groupBy(window(col("ts"), lengthMs + " milliseconds", slideMs + " milliseconds"), col("key"))
        .agg(count(lit(1)).as("n"), sum("cost").as("cost"), sum("clicks").as("clicks"));
  }

  /** Running totals per key with first and last seen (no TTL: Structured Streaming's aggregation state never expires). */
  public static Dataset<Row> totals(Dataset<Row> events) {
    return events.groupBy(col("key"))
        .agg(count(lit(1)).as("n"), sum("cost").as("cost"), sum("clicks").as("clicks"), min("ts").as("first_seen"),
            max("ts").as("last_seen"));
  }

  /**
   * Runs {@code aggregation} in update mode into the {@code noop} sink and returns the trigger-to-commit
   * time and the {@code addBatch} (execution) time of micro-batches {@code warmUp+1 .. warmUp+measured}.
   * {@code intervalMs} 0 runs batches back to back.
   */
  public List<long[]> run(Dataset<Row> aggregation, String name, long intervalMs, int warmUp, int measured)
      throws Exception {
    Path checkpoint = Files.createTempDirectory("tally-bench-ss");
    StreamingQuery query = aggregation.writeStream().queryName(name).outputMode("update").format("noop")
        .trigger(Trigger.ProcessingTime(intervalMs)).option("checkpointLocation", checkpoint.toString()).start();
    List<long[]> times = new ArrayList<>();
    try {
      int seen = 0;
      while (times.size() < measured) {
        StreamingQueryProgress p = recorder.next(query.id(), 600_000);
        if (p == null) {
          throw new IllegalStateException(name + ": no micro-batch within 10 minutes; "
              + query.exception().map(Throwable::toString).getOrElse(() -> "no error"));
        }
        if (seen++ >= warmUp) {
          times.add(new long[] {ProgressRecorder.triggerMs(p), ProgressRecorder.addBatchMs(p)});
        }
      }
    } finally {
      query.stop();
      StreamingRun.deleteQuietly(checkpoint);
    }
    return times;
  }

  public String version() {
    return spark.version();
  }
}
