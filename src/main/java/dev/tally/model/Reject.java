package dev.tally.model;

import java.util.Objects;

/**
 * A line that could not be turned into events, kept with the reason so that nothing is silently
 * dropped. {@code position} identifies the line within its batch (partition index in the high 32
 * bits, line index in the low 32), so a re-run batch produces the same reject identities.
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

  public static long position(int partition, int lineIndex) {
    return ((long) partition << 32) | (lineIndex & 0xFFFFFFFFL);
  }

  public String input() {
    return input;
  }

  public long position() {
    return position;
  }

  public int partition() {
    return (int) (position >>> 32);
  }

  public int lineIndex() {
    return (int) position;
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
    return input + "@" + partition() + ":" + lineIndex() + " " + reason + " <" + raw + ">";
  }
}
