package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.Iterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * Runs on executors, once per file read by a directory input (a file is never split, so its one
 * partition sees every line in order): a reject names the file and the line number. Lines arrive as
 * bytes, so that one that is not valid UTF-8 is rejected rather than decoded with replacement
 * characters.
 */
public final class ParseFileLines implements FlatMapFunction<Iterator<Tuple2<LongWritable, Text>>, PartitionOutput> {
  private static final long serialVersionUID = 1L;

  private final ParserSpec spec;
  private final String file;
  private final int maxRejectRaw;

  /** @param file how rejects name the file, e.g. {@code file:/data/inbox/events-3.csv} */
  public ParseFileLines(ParserSpec spec, String file, int maxRejectRaw) {
    this.spec = spec;
    this.file = file;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public Iterator<PartitionOutput> call(Iterator<Tuple2<LongWritable, Text>> lines) {
    PartitionCombiner combiner = PartitionCombiner.of(spec, maxRejectRaw);
    long lineNumber = 0;
    while (lines.hasNext()) {
      Text text = lines.next()._2(); // reused by the reader: decoded before the next line
      combiner.acceptBytes(file, ++lineNumber, text.getBytes(), 0, text.getLength());
    }
    return combiner.result().iterator();
  }
}
