package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;

/**
 * Runs on executors, once per block of a socket's lines, kept as bytes so that a line that is not
 * valid UTF-8 is rejected rather than decoded with replacement characters. A reject names the input
 * and the block ({@code socket:127.0.0.1:9999 block 2}) and its line number there.
 */
public final class ParseUtf8Lines implements Function2<Integer, Iterator<byte[]>, Iterator<PartitionOutput>> {
  private static final long serialVersionUID = 1L;

  private final ParserSpec spec;
  private final String input;
  private final int maxRejectRaw;

  public ParseUtf8Lines(ParserSpec spec, String input, int maxRejectRaw) {
    this.spec = spec;
    this.input = input;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public Iterator<PartitionOutput> call(Integer block, Iterator<byte[]> lines) {
    PartitionCombiner combiner = PartitionCombiner.of(spec, maxRejectRaw);
    String where = input + " block " + block;
    long lineNumber = 0;
    while (lines.hasNext()) {
      byte[] bytes = lines.next();
      combiner.acceptBytes(where, ++lineNumber, bytes, 0, bytes.length);
    }
    return combiner.result().iterator();
  }
}
