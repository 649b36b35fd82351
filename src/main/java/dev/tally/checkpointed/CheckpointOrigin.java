package dev.tally.checkpointed;

import java.io.Serializable;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.DStream;

/**
 * The origin of the running checkpoint: the zero time of the streaming graph (its first batch time
 * minus the batch interval). Not known when the graph is built (the graph starts later), so this
 * keeps a stream of the graph and reads its zero time when asked: a new context sets it at start,
 * a recovered one reads it back from its checkpoint with the stream, so the origin stays the
 * checkpoint's across restarts and changes only with a new checkpoint. Driver-side only, like the
 * output function that holds it; serialized with the graph, where the stream already is.
 */
public final class CheckpointOrigin implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DStream<?> graphStream;

  /** @param graphStream any stream of the graph */
  public CheckpointOrigin(DStream<?> graphStream) {
    this.graphStream = graphStream;
  }

  /** The zero time in epoch ms; only while the graph runs. */
  public long originMs() {
    Time zero = graphStream.zeroTime();
    if (zero == null) {
      throw new IllegalStateException("the streaming graph has not started: it has no zero time yet");
    }
    return zero.milliseconds();
  }
}
