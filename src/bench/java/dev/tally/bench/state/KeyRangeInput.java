package dev.tally.bench.state;

import dev.tally.input.InputSource;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.reflect.ClassTag$;

/** {@link KeyRangeDStream} as one of Tally's inputs, so that the real graph reads it. */
public final class KeyRangeInput implements InputSource {
  private final long perBatch;
  private final int growthBatches;
  private final int partitions;

  public KeyRangeInput(long perBatch, int growthBatches, int partitions) {
    this.perBatch = perBatch;
    this.growthBatches = growthBatches;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return "key-ranges:" + perBatch + "x" + growthBatches;
  }

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    return new JavaDStream<>(new KeyRangeDStream(jssc.ssc(), perBatch, growthBatches, partitions),
        ClassTag$.MODULE$.apply(String.class));
  }
}
