package dev.tally.input;

import dev.tally.config.Option;
import java.util.Map;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * Text files that appear in a directory, each read once, in the batch that sees it. Files must be
 * moved in atomically (written elsewhere on the same file system, or under a name starting with a
 * dot, then renamed): a file still being written may be read half. Replayable, so exactly-once with
 * idempotent output.
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

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    return jssc.textFileStream(directory);
  }
}
