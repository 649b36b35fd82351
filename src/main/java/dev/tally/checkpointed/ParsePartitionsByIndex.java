package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;

/**
 * Runs on the driver, once per batch of one input: parses each partition with its index (the index in
 * this input's own RDD, before inputs are united, so that rejects name a stable block or partition).
 */
public final class ParsePartitionsByIndex<T> implements Function<JavaRDD<T>, JavaRDD<PartitionOutput>> {
  private static final long serialVersionUID = 1L;

  private final Function2<Integer, Iterator<T>, Iterator<PartitionOutput>> parse;

  public ParsePartitionsByIndex(Function2<Integer, Iterator<T>, Iterator<PartitionOutput>> parse) {
    this.parse = parse;
  }

  @Override
  public JavaRDD<PartitionOutput> call(JavaRDD<T> lines) {
    return lines.mapPartitionsWithIndex(parse, false);
  }
}
