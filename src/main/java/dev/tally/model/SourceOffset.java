package dev.tally.model;

import java.io.Serializable;

/**
 * The offsets {@code [fromOffset, untilOffset)} a batch read from one partition of a source topic,
 * stored with the results so that a new checkpoint can resume exactly there, and recorded per batch
 * in the sink's ledger with {@code originMs}: the zero time of the streaming context that ran the
 * batch (its first batch time minus the batch interval), which identifies the checkpoint. Offsets
 * read back from the sink's resume table know neither the start of the range nor the origin:
 * {@link #UNKNOWN} there.
 */
public record SourceOffset(String topic, int partition, long fromOffset, long untilOffset, long batchTimeMs,
    long originMs) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The start of the range or the origin, where it is not known. */
  public static final long UNKNOWN = -1;

  /** How far a batch read, without its range's start or origin (what the resume table keeps). */
  public SourceOffset(String topic, int partition, long untilOffset, long batchTimeMs) {
    this(topic, partition, UNKNOWN, untilOffset, batchTimeMs, UNKNOWN);
  }

  /** True when this is a whole range of a batch, with its origin: a row of the ledger. */
  public boolean isRange() {
    return fromOffset != UNKNOWN && originMs != UNKNOWN;
  }
}
