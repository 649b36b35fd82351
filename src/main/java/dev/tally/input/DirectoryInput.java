package dev.tally.input;

import dev.tally.checkpointed.ParseEachFile;
import dev.tally.checkpointed.WholeFileTextInputFormat;
import dev.tally.config.Option;
import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.Sink;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * Text files that appear in a directory, each read once, in the batch that sees it. Files must be
 * moved in atomically (written elsewhere on the same file system, or under a name starting with a
 * dot, then renamed): a file still being written may be read half. Replayable, so exactly-once with
 * idempotent output. Each file is read whole by one task, as bytes, so that a reject names its file
 * and line number and a line that is not UTF-8 is rejected.
 */
public final class DirectoryInput implements InputSource {
  private final String directory;

  public DirectoryInput(String directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return "file:" + directory;
  }

  @Override
  public Map<String, String> frozenSettings() {
    return Map.of(Option.INPUT_DIR.id(), directory);
  }

  /**
   * Nothing to wait for in a run until caught up: the file stream reads the files by modification time,
   * and a recovered checkpoint first runs the batches it missed while down, which read the files that
   * arrived meanwhile; the run's own batches come after them.
   */
  @Override
  public Map<TopicPartition, Long> endOffsetsAtStart() {
    return Map.of();
  }

  @Override
  public JavaDStream<PartitionOutput> parse(JavaStreamingContext jssc, ParserSpec spec, int maxRejectRaw,
      Sink stored) {
    // As textFileStream (new files only, names starting with a dot ignored), but whole files, as bytes.
    return jssc.fileStream(directory, LongWritable.class, Text.class, WholeFileTextInputFormat.class)
        .transform(new ParseEachFile(spec, maxRejectRaw));
  }
}
