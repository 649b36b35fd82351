package dev.tally.input;

import java.util.Map;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * One input of lines. Sources are opened inside the graph factory; what they open is kept in the
 * checkpoint, the source object itself is not.
 */
public interface InputSource {
  /** How rejects name this input, e.g. {@code socket:127.0.0.1:9999}. */
  String name();

  JavaDStream<String> open(JavaStreamingContext jssc);

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

  /** True for inputs that resume from offsets stored with the results (Kafka). */
  default boolean resumesFromStoredOffsets() {
    return false;
  }

  /** The batch time the input resumed from stored offsets, or -1 when it did not. */
  default long resumedFromBatchMs() {
    return -1;
  }
}
