package dev.tally.model;

import java.io.Serializable;

/**
 * How far a batch read one partition of a source topic ({@code untilOffset} is exclusive), stored
 * with the results so that a new checkpoint can resume exactly there.
 */
public record SourceOffset(String topic, int partition, long untilOffset, long batchTimeMs) implements Serializable {
  private static final long serialVersionUID = 1L;
}
