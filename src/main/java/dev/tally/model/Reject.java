package dev.tally.model;

import java.util.Objects;

/**
 * A line that could not be turned into events, kept with the reason so that nothing is silently
 * dropped. {@code input} and {@code position} say where the line was read, and identify it within
 * its batch, so that a re-run batch produces the same rejects:
 *
 * <ul>
 *   <li>a file: {@code file:/path/of/the/file}, the line number (from 1);
 *   <li>Kafka: {@code kafka:TOPIC/PARTITION}, the record's offset;
 *   <li>a socket: {@code socket:HOST:PORT block B}, the line number within the block (from 1); a
 *       batch of a socket is the blocks the receiver stored (one per block interval), numbered from 0
 *       in the order received: all a socket can tell;
 *   <li>generated input: {@code generated:RATE/s partition P}, the line number within the partition.
 * </ul>
 */
public final class Reject implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final long position;
  private final String reason;
  private final String raw;

  public Reject(String input, long position, String reason, String raw) {
    this.input = Objects.requireNonNull(input, "input");
    this.position = position;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.raw = Objects.requireNonNull(raw, "raw");
  }

  public String input() {
    return input;
  }

  /** Within the input: a line number, or a Kafka offset (see the class comment). */
  public long position() {
    return position;
  }

  public String reason() {
    return reason;
  }

  /** The line as read, truncated to the configured bound. */
  public String raw() {
    return raw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reject r
        && r.input.equals(input)
        && r.position == position
        && r.reason.equals(reason)
        && r.raw.equals(raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(input, position, reason, raw);
  }

  @Override
  public String toString() {
    return input + " @" + position + " " + reason + " <" + raw + ">";
  }
}
