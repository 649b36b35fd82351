package dev.tally.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event with its event time, as the parse pass leaves it when event-time windows are on: whether
 * it is late is decided later in the batch, against the watermark, so the event keeps where it was
 * read and its (truncated) line, for the reject it may become.
 */
public final class TimedEvent implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final long[] values;
  private final long eventTimeMs;
  private final String input;
  private final long position;
  private final String raw;

  public TimedEvent(String key, long[] values, long eventTimeMs, String input, long position, String raw) {
    this.key = Objects.requireNonNull(key, "key");
    this.values = values.clone();
    this.eventTimeMs = eventTimeMs;
    this.input = Objects.requireNonNull(input, "input");
    this.position = position;
    this.raw = Objects.requireNonNull(raw, "raw");
  }

  public String key() {
    return key;
  }

  /** Value field {@code i} in fixed-point units. */
  public long value(int i) {
    return values[i];
  }

  public int valueCount() {
    return values.length;
  }

  public long eventTimeMs() {
    return eventTimeMs;
  }

  public String input() {
    return input;
  }

  public long position() {
    return position;
  }

  public String raw() {
    return raw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimedEvent e && e.key.equals(key) && Arrays.equals(e.values, values)
        && e.eventTimeMs == eventTimeMs && e.input.equals(input) && e.position == position && e.raw.equals(raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(values), eventTimeMs, input, position);
  }

  @Override
  public String toString() {
    return key + "@" + eventTimeMs + Arrays.toString(values) + " (" + input + " @" + position + ")";
  }
}
