package dev.tally.input;

import dev.tally.checkpointed.ParseAndCombine;
import dev.tally.checkpointed.ParsePartitionsByIndex;
import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.Sink;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * One input of lines. Sources are opened inside the graph factory; what they open is kept in the
 * checkpoint, the source object itself is not.
 */
public interface InputSource {
  /** How rejects name this input, e.g. {@code socket:127.0.0.1:9999}. */
  String name();

  /**
   * The input's lines as text, for inputs that know no more of a line than its partition (generated
   * input, test inputs). Inputs that read bytes or know each line's file or offset implement
   * {@link #parse} instead, and have no text stream to give.
   */
  default JavaDStream<String> open(JavaStreamingContext jssc) {
    throw new UnsupportedOperationException(name() + " is parsed by its own parse(), not read as text lines");
  }

  /**
   * The input's lines parsed and combined per partition (partial metrics, rejects, line counts). By
   * default the text lines of {@link #open}, a reject named by partition and line number. {@code
   * stored}: the sink of this start, where an input that resumes from stored offsets finds them.
   */
  default JavaDStream<PartitionOutput> parse(JavaStreamingContext jssc, ParserSpec spec, int maxRejectRaw,
      Sink stored) {
    return open(jssc).transform(new ParsePartitionsByIndex<>(new ParseAndCombine(spec, name(), maxRejectRaw)));
  }

  /**
   * Registers what must run after all of a batch's results were written (storing Kafka offsets);
   * called once, after every output of the graph. Nothing by default.
   */
  default void afterOutputs() {}

  /**
   * What the checkpoint keeps of this input, by the option that gives it (for the checkpoint
   * fingerprint); by default the input's name.
   */
  default Map<String, String> frozenSettings() {
    return Map.of("input", name());
  }

  /**
   * Where the input's partitions end now, for the figure of records not yet read (Kafka); a new
   * client each call, closed by the caller. Empty by default.
   */
  default Optional<EndOffsets> endOffsets() {
    return Optional.empty();
  }

  /**
   * Where each of the input's partitions ends now, for a run until caught up; only inputs with an end
   * (Kafka) have one, and the configuration refuses the mode with any other.
   */
  default Map<TopicPartition, Long> endOffsetsAtStart() throws Exception {
    throw new UnsupportedOperationException(name() + " has no end to read to");
  }

  /** True for inputs that resume from offsets stored with the results (Kafka). */
  default boolean resumesFromStoredOffsets() {
    return false;
  }

  /** The batch time the input resumed from stored offsets, or -1 when it did not. */
  default long resumedFromBatchMs() {
    return -1;
  }
}
