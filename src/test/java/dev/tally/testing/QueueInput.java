package dev.tally.testing;

import dev.tally.input.InputSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/** Test input: one queued RDD of lines per batch ({@code queueStream}, one at a time), then empty batches. */
public final class QueueInput implements InputSource {
  private final String name;
  private final List<List<String>> batches;
  private final int partitions;

  public QueueInput(String name, List<List<String>> batches, int partitions) {
    this.name = name;
    this.batches = batches;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    Queue<JavaRDD<String>> queue = new ArrayDeque<>();
    for (List<String> batch : batches) {
      queue.add(jssc.sparkContext().parallelize(batch, partitions));
    }
    return jssc.queueStream(queue, true, jssc.sparkContext().<String>emptyRDD());
  }
}
