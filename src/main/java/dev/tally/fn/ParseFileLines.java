package dev.tally.fn;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import dev.tally.parse.StrictUtf8;
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
    PartitionCombiner combiner = new PartitionCombiner(spec.newParser(), maxRejectRaw);
    StrictUtf8 utf8 = new StrictUtf8();
    long lineNumber = 0;
    while (lines.hasNext()) {
      Text text = lines.next()._2(); // reused by the reader: decoded before the next line
      lineNumber++;
      String line = utf8.decode(text.getBytes(), 0, text.getLength());
      if (line == null) {
        combiner.acceptInvalidUtf8(file, lineNumber, StrictUtf8.lenient(text.getBytes(), 0, text.getLength()));
      } else {
        combiner.accept(file, lineNumber, line);
      }
    }
    return combiner.result().iterator();
  }
}
