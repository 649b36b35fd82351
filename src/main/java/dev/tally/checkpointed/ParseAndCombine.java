package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;

/**
 * Runs on executors, once per partition of an input's text lines (generated input, test inputs): one
 * {@link PartitionCombiner} pass. A reject names the input and the partition ({@code generated:100/s
 * partition 3}) and its line number there. Captures only the parser spec, the input's name and the
 * reject bound.
 */
public final class ParseAndCombine implements Function2<Integer, Iterator<String>, Iterator<PartitionOutput>> {
  private static final long serialVersionUID = 2L;

  private final ParserSpec spec;
  private final String input;
  private final int maxRejectRaw;

  public ParseAndCombine(ParserSpec spec, String input, int maxRejectRaw) {
    this.spec = spec;
    this.input = input;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public Iterator<PartitionOutput> call(Integer partition, Iterator<String> lines) {
    PartitionCombiner combiner = PartitionCombiner.of(spec, maxRejectRaw);
    String where = input + " partition " + partition;
    long lineNumber = 0;
    while (lines.hasNext()) {
      combiner.accept(where, ++lineNumber, lines.next());
    }
    return combiner.result().iterator();
  }
}
