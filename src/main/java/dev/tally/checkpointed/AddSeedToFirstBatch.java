package dev.tally.checkpointed;

import dev.tally.model.TotalState;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.DStream;
import scala.Tuple2;

/**
 * Runs on the driver at each batch: adds the running totals a previous run stored (saved beside the
 * checkpoint when this graph was created) to the first batch's contributions, so a new checkpoint
 * continues them. Read from a file, not held as an RDD in the graph: an RDD in a checkpointed graph
 * loses its data on recovery, while the file is read again if the first batch is re-run.
 *
 * <p>A seeded key that also has events in the first batch leaves it as one contribution: the
 * {@code mapWithState} form sees one value per key and batch, as the sink writes one row per key.
 */
public final class AddSeedToFirstBatch
    implements Function2<JavaPairRDD<String, TotalState>, Time, JavaPairRDD<String, TotalState>> {
  private static final long serialVersionUID = 1L;

  private final String seedPath;
  private final DStream<?> graphClock;
  private final int partitions;

  /**
   * @param graphClock any stream of this graph sliding every batch: it knows the graph's start time
   * @param partitions the totals' partitions: the first batch is summed by key into them
   */
  public AddSeedToFirstBatch(String seedPath, DStream<?> graphClock, int partitions) {
    this.seedPath = seedPath;
    this.graphClock = graphClock;
    this.partitions = partitions;
  }

  @Override
  public JavaPairRDD<String, TotalState> call(JavaPairRDD<String, TotalState> batch, Time time) {
    long firstBatch = graphClock.zeroTime().milliseconds() + graphClock.slideDuration().milliseconds();
    if (time.milliseconds() != firstBatch) {
      return batch;
    }
    JavaRDD<Tuple2<String, TotalState>> seed = JavaSparkContext.fromSparkContext(batch.context()).objectFile(seedPath);
    return batch.union(JavaPairRDD.fromJavaRDD(seed)).reduceByKey(new AddTotals(), partitions);
  }
}
