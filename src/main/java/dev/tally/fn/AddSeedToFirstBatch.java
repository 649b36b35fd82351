package dev.tally.fn;

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
 */
public final class AddSeedToFirstBatch
    implements Function2<JavaPairRDD<String, TotalState>, Time, JavaPairRDD<String, TotalState>> {
  private static final long serialVersionUID = 1L;

  private final String seedPath;
  private final DStream<?> graphClock;

  /** @param graphClock any stream of this graph sliding every batch: it knows the graph's start time */
  public AddSeedToFirstBatch(String seedPath, DStream<?> graphClock) {
    this.seedPath = seedPath;
    this.graphClock = graphClock;
  }

  @Override
  public JavaPairRDD<String, TotalState> call(JavaPairRDD<String, TotalState> batch, Time time) {
    long firstBatch = graphClock.zeroTime().milliseconds() + graphClock.slideDuration().milliseconds();
    if (time.milliseconds() != firstBatch) {
      return batch;
    }
    JavaRDD<Tuple2<String, TotalState>> seed = JavaSparkContext.fromSparkContext(batch.context()).objectFile(seedPath);
    return batch.union(JavaPairRDD.fromJavaRDD(seed));
  }
}
