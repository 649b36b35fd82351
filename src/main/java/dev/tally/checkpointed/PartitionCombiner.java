package dev.tally.checkpointed;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.model.TimedEvent;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import dev.tally.parse.ParserSpec;
import dev.tally.parse.StrictUtf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-record path: parses the lines of one partition and sums their events per key in one pass,
 * so only one partial metric per key (plus rejects) leaves the partition. Each key's running partial
 * is a {@code long[]} laid out {@code [count, sum0, sum1, ...]}: no object per event. Each line comes
 * with where it was read (see {@link Reject} for what input and position say per kind of input).
 *
 * <p>With event time ({@code --event-time}), nothing is summed here: whether an event is late depends on
 * the batch's watermark, decided after this pass ({@link EventTimeCombiner}), so each event is kept as a
 * {@link TimedEvent} and the largest event time is counted. Without it, that path costs one boolean test.
 *
 * <p>Pure Java, no Spark: the {@code Parse*} functions drive it inside a task.
 */
public final class PartitionCombiner implements EventHandler {
  static final String INVALID_UTF8 = "invalid UTF-8";

  private final LineParser parser;
  private final int maxRejectRaw;
  private final int width;
  private final Map<String, long[]> partials = new HashMap<>();
  private final List<PartitionOutput> rejects = new ArrayList<>();
  private final StrictUtf8 utf8 = new StrictUtf8();
  private final boolean timed;
  private final boolean timeFromRecord;
  private final List<TimedEvent> timedEvents;
  private long maxEventTimeMs = PartitionCounts.NO_EVENT_TIME;
  private long currentRecordTimeMs = NO_RECORD_TIME;

  /** A Kafka record without a timestamp has -1; any negative time is treated as none. */
  private static final long NO_RECORD_TIME = -1;

  private String currentInput;
  private long currentPosition;
  private String currentLine;
  private long lines;

  public PartitionCombiner(LineParser parser, int maxRejectRaw) {
    this(parser, maxRejectRaw, false, false);
  }

  private PartitionCombiner(LineParser parser, int maxRejectRaw, boolean timed, boolean timeFromRecord) {
    this.parser = parser;
    this.maxRejectRaw = maxRejectRaw;
    this.width = parser.valueCount() + 1;
    this.timed = timed;
    this.timeFromRecord = timeFromRecord;
    this.timedEvents = timed ? new ArrayList<>() : null;
  }

  /** A combiner for the spec's parser, keeping timed events when the spec has an event time. */
  public static PartitionCombiner of(ParserSpec spec, int maxRejectRaw) {
    return new PartitionCombiner(spec.newParser(), maxRejectRaw, spec.hasEventTime(), spec.eventTimeFromRecord());
  }

  /**
   * A Kafka record's value: as {@link #acceptBytes}, with the record's timestamp, the event time when
   * the spec takes it from the record.
   */
  public void acceptRecord(String input, long position, byte[] bytes, int offset, int length, long timestampMs) {
    currentRecordTimeMs = timestampMs;
    acceptBytes(input, position, bytes, offset, length);
    currentRecordTimeMs = NO_RECORD_TIME;
  }

  /** Parses one line; a reject of it names {@code input} and {@code position}. */
  public void accept(String input, long position, String line) {
    currentInput = input;
    currentPosition = position;
    currentLine = line;
    parser.parse(line, this);
    lines++;
  }

  /**
   * Decodes a line read as bytes and parses it; bytes that are not valid UTF-8 make it a reject
   * ({@link #acceptInvalidUtf8}) instead of a line with replacement characters.
   */
  public void acceptBytes(String input, long position, byte[] bytes, int offset, int length) {
    String line = utf8.decode(bytes, offset, length);
    if (line == null) {
      acceptInvalidUtf8(input, position, StrictUtf8.lenient(bytes, offset, length));
    } else {
      accept(input, position, line);
    }
  }

  /**
   * A line whose bytes are not valid UTF-8: rejected, never parsed, so that bad bytes never become a
   * key. {@code shown} is the line with its bad bytes replaced, for people to read.
   */
  public void acceptInvalidUtf8(String input, long position, String shown) {
    currentInput = input;
    currentPosition = position;
    currentLine = shown;
    reject(INVALID_UTF8);
    lines++;
  }

  @Override
  public void event(String key, long[] values) {
    if (timed) {
      if (!timeFromRecord) {
        throw new IllegalStateException("the parser reported an event without its time");
      }
      if (currentRecordTimeMs < 0) {
        reject("the record has no timestamp (--event-time kafka)");
        return;
      }
      event(key, values, currentRecordTimeMs);
      return;
    }
    long[] partial = partials.get(key);
    if (partial == null) {
      partial = new long[width];
      partials.put(key, partial);
    }
    for (int i = 0; i < values.length; i++) {
      long sum = partial[i + 1] + values[i];
      if (((partial[i + 1] ^ sum) & (values[i] ^ sum)) < 0) {
        // Checked before anything is added, so the line is either counted whole or rejected whole.
        reject("the sum of value field " + (i + 1) + " for key '" + key + "' would overflow");
        return;
      }
    }
    partial[0]++;
    for (int i = 0; i < values.length; i++) {
      partial[i + 1] += values[i];
    }
  }

  @Override
  public void event(String key, long[] values, long eventTimeMs) {
    if (!timed) {
      throw new IllegalStateException("the parser reported an event time the spec does not have");
    }
    timedEvents.add(new TimedEvent(key, values, eventTimeMs, currentInput, currentPosition,
        truncate(currentLine, maxRejectRaw)));
    maxEventTimeMs = Math.max(maxEventTimeMs, eventTimeMs);
  }

  @Override
  public void reject(String reason) {
    rejects.add(new Reject(currentInput, currentPosition, reason, truncate(currentLine, maxRejectRaw)));
  }

  /** The first {@code max} characters, never splitting a surrogate pair. */
  static String truncate(String line, int max) {
    if (line.length() <= max) {
      return line;
    }
    int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
    return line.substring(0, end);
  }

  /**
   * The partition's rejects, then one partial metric per key (with event time: every timed event),
   * then its {@link PartitionCounts}.
   */
  public List<PartitionOutput> result() {
    if (timed) {
      List<PartitionOutput> out = new ArrayList<>(rejects.size() + timedEvents.size() + 1);
      out.addAll(rejects);
      out.addAll(timedEvents);
      out.add(new PartitionCounts(lines, rejects.size(), maxEventTimeMs));
      return out;
    }
    List<PartitionOutput> out = new ArrayList<>(rejects.size() + partials.size() + 1);
    out.addAll(rejects);
    for (Map.Entry<String, long[]> e : partials.entrySet()) {
      out.add(new KeyedMetric(e.getKey(), Metric.fromAccumulator(e.getValue())));
    }
    out.add(new PartitionCounts(lines, rejects.size()));
    return out;
  }
}
