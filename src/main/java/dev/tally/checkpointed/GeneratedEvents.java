package dev.tally.checkpointed;

import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.io.Serializable;
import java.util.List;

/**
 * The generated input's lines, as a pure function of (seed, batch time, partition, line index): a
 * re-run batch, or one recomputed after recovery, holds exactly the same lines. Kept in the
 * checkpoint (a field of {@link GeneratedDStream}), so its fields are a few small values.
 *
 * <p>Lines follow the job's format: {@code text} lines are {@code words} keys separated by spaces
 * (the word count); {@code csv} lines follow the job's columns and delimiter: the key column holds
 * {@code k<n>}, the first value field an amount 0.01..99.99, every further value field a whole number
 * 1..10, the job's event time column ({@code --event-time FIELD}) epoch milliseconds, any other
 * column {@code x}. Keys are uniform over {@code k0..k<keys-1>}. A malformed line (an exact fraction of
 * each partition's lines, spread evenly) is a valid line made unparseable: a CSV line with one column
 * too many, a text line with a word longer than the key limit.
 *
 * <p>Event times rise with the line's index through the batch interval that ends at the batch time
 * ({@code (batch time - interval, batch time]}), so each partition's lines are in order, except an
 * exact fraction of them (spread evenly, apart from the malformed ones) stamped earlier by a
 * pseudo-random 1..{@code outOfOrderByMs}: out of order, and on time while that bound is at most the
 * watermark delay (every earlier batch's times are at most its own batch time).
 *
 * <p>{@link #appendLine} writes into the caller's builder and allocates nothing itself.
 */
public final class GeneratedEvents implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final int KEY_COLUMN = -1;
  private static final int FILLER_COLUMN = -2;
  private static final int TIME_COLUMN = -3;
  /** Epoch milliseconds have 13 digits from 2001 to 2286. */
  private static final int TIME_WIDTH = 13;
  /** The draw of a line's lag, apart from the draws of its value fields (at most 16). */
  private static final int LAG_DRAW = 17;
  private static final int AMOUNT_WIDTH = 5; // 99.99
  private static final int WHOLE_WIDTH = 2; // 10

  private final long ratePerSecond;
  private final int keys;
  private final long seed;
  private final boolean text;
  private final int words;
  private final int malformedPpm;
  private final int outOfOrderPpm;
  private final long outOfOrderByMs;
  private final char delimiter;
  /** Per CSV column: {@link #KEY_COLUMN}, {@link #FILLER_COLUMN}, {@link #TIME_COLUMN}, or the index of its value field. */
  private final int[] columns;
  private final int overlongWord;
  private final boolean stampsEventTime;

  /** Millionths: the unit of the malformed fraction. */
  public static final int PPM = 1_000_000;

  private GeneratedEvents(long ratePerSecond, int keys, long seed, int wordsPerLine, int malformedPpm,
      int outOfOrderPpm, long outOfOrderByMs, boolean text, char delimiter, int[] columns, int overlongWord) {
    this.ratePerSecond = ratePerSecond;
    this.keys = keys;
    this.seed = seed;
    this.text = text;
    this.words = wordsPerLine;
    this.malformedPpm = malformedPpm;
    this.outOfOrderPpm = outOfOrderPpm;
    this.outOfOrderByMs = outOfOrderByMs;
    this.delimiter = delimiter;
    this.columns = columns;
    this.overlongWord = overlongWord;
    boolean time = false;
    for (int role : columns) {
      time |= role == TIME_COLUMN;
    }
    this.stampsEventTime = time;
  }

  /**
   * The generator of {@code ratePerSecond} lines a second over {@code keys} keys that {@code parser}
   * reads ({@code words}: as given, 0 when not; {@code wordsPerLine}: with its default; {@code
   * outOfOrderPpm} of the lines stamped up to {@code outOfOrderByMs} earlier). {@link
   * IllegalArgumentException} when the job's format cannot be generated or would reject valid lines.
   */
  public static GeneratedEvents of(long ratePerSecond, int keys, long seed, int words, int wordsPerLine,
      int malformedPpm, int outOfOrderPpm, long outOfOrderByMs, ParserSpec parser) {
    InputFormat format = parser.format();
    if (format != InputFormat.TEXT && format != InputFormat.CSV) {
      throw new IllegalArgumentException("generates text or csv lines, not --format " + format.id());
    }
    boolean text = format == InputFormat.TEXT;
    if (!text && words > 0) {
      throw new IllegalArgumentException("words has no meaning with --format csv (one event per line)");
    }
    char delimiter = parser.csvDelimiter();
    int[] columns = new int[0];
    if (!text) {
      if (Character.isLetterOrDigit(delimiter) || delimiter == '.') {
        throw new IllegalArgumentException("the CSV delimiter '" + delimiter + "' occurs in generated values");
      }
      List<String> names = parser.csvColumns();
      List<String> values = parser.valueFields();
      columns = new int[names.size()];
      for (int c = 0; c < columns.length; c++) {
        String name = names.get(c);
        columns[c] = name.equals(parser.keyField()) ? KEY_COLUMN
            : values.contains(name) ? values.indexOf(name)
            : parser.eventTimeInLine() && name.equals(parser.eventTimeField()) ? TIME_COLUMN : FILLER_COLUMN;
      }
    }
    if (outOfOrderPpm > 0 && (text || !parser.eventTimeInLine())) {
      throw new IllegalArgumentException("out-of-order needs --format csv and --event-time FIELD (a column to stamp)");
    }
    if (outOfOrderPpm > 0 && outOfOrderByMs < 1) {
      throw new IllegalArgumentException("out-of-order needs out-of-order-by of at least 1ms");
    }
    GeneratedEvents events = new GeneratedEvents(ratePerSecond, keys, seed, wordsPerLine, malformedPpm, outOfOrderPpm,
        outOfOrderByMs, text, delimiter, columns, parser.maxKeyLength() + 1);
    int keyLength = events.longestKey();
    if (keyLength > parser.maxKeyLength()) {
      throw new IllegalArgumentException("keys up to k" + (keys - 1) + " are longer than --max-key-length "
          + parser.maxKeyLength());
    }
    if (events.longestValidLine() > parser.maxLineLength()) {
      throw new IllegalArgumentException("lines of up to " + events.longestValidLine()
          + " characters are longer than --max-line-length " + parser.maxLineLength());
    }
    return events;
  }

  // ---- how many lines ----

  /**
   * Lines of the batch ending at {@code batchTimeMs}: the lines due by its end minus those due by its
   * start, so a rate that is no whole number of lines per batch still averages exactly.
   */
  public long linesInBatch(long batchMs, long batchTimeMs) {
    long batch = Math.floorDiv(batchTimeMs, batchMs);
    long perBatchThousandths = Math.multiplyExact(ratePerSecond, batchMs);
    long whole = perBatchThousandths / 1000;
    long rest = perBatchThousandths % 1000; // spread: rest*batch stays far from overflow (rest < 1000)
    return whole + Math.floorDiv(rest * batch, 1000) - Math.floorDiv(rest * (batch - 1), 1000);
  }

  /** Partition {@code partition}'s share of {@code lines}: even, the first ones taking one more. */
  public static long linesInSlice(long lines, int partitions, int partition) {
    return lines / partitions + (partition < lines % partitions ? 1 : 0);
  }

  /** Whether line {@code index} of a partition's slice is malformed: exactly floor(n × fraction) of n lines. */
  public boolean isMalformed(long index) {
    return malformedPpm > 0
        && (index + 1) * malformedPpm / PPM != index * malformedPpm / PPM;
  }

  /** Malformed lines among a slice's first {@code lines}. */
  public long malformedAmong(long lines) {
    return lines * malformedPpm / PPM;
  }

  /**
   * Whether line {@code index} of a slice is stamped out of order: the nearest whole number to n ×
   * fraction of n lines. Counted half a step apart from the malformed lines, so that equal fractions
   * pick different lines (a malformed line is a reject, never an event).
   */
  public boolean isOutOfOrder(long index) {
    return outOfOrderPpm > 0
        && ((index + 1) * outOfOrderPpm + PPM / 2) / PPM != (index * outOfOrderPpm + PPM / 2) / PPM;
  }

  /** Lines stamped out of order among a slice's first {@code lines}. */
  public long outOfOrderAmong(long lines) {
    return (lines * outOfOrderPpm + PPM / 2) / PPM;
  }

  /** Whether the lines carry an event time ({@code --event-time FIELD} names one of their columns). */
  public boolean stampsEventTime() {
    return stampsEventTime;
  }

  // ---- the lines ----

  /** Appends line {@code index} of {@code slice} to {@code out}. */
  public void appendLine(StringBuilder out, GeneratedSlice slice, long index) {
    appendLine(out, slice.batchTimeMs(), slice.partition(), index, slice.intervalMs(), slice.lines());
  }

  /**
   * Appends line {@code index} of partition {@code partition} of the batch at {@code batchTimeMs} to {@code
   * out}, for lines without an event time (whose time depends on the slice: {@link #appendLine(StringBuilder,
   * GeneratedSlice, long)}).
   */
  public void appendLine(StringBuilder out, long batchTimeMs, int partition, long index) {
    if (stampsEventTime()) {
      throw new IllegalStateException("a line with an event time needs its slice (interval and lines)");
    }
    appendLine(out, batchTimeMs, partition, index, 0, 0);
  }

  private void appendLine(StringBuilder out, long batchTimeMs, int partition, long index, long intervalMs,
      long sliceLines) {
    long line = mix64(sliceSeed(batchTimeMs, partition) + (index + 1) * GOLDEN_GAMMA);
    if (text) {
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          out.append(' ');
        }
        appendKey(out, draw(line, w));
      }
      if (isMalformed(index)) {
        out.append(' ');
        for (int i = 0; i < overlongWord; i++) {
          out.append('x');
        }
      }
      return;
    }
    for (int c = 0; c < columns.length; c++) {
      if (c > 0) {
        out.append(delimiter);
      }
      int role = columns[c];
      if (role == KEY_COLUMN) {
        appendKey(out, line);
      } else if (role == FILLER_COLUMN) {
        out.append('x');
      } else if (role == TIME_COLUMN) {
        out.append(eventTimeMs(line, batchTimeMs, index, intervalMs, sliceLines));
      } else if (role == 0) {
        appendAmount(out, line);
      } else {
        out.append(1 + (int) (((draw(line, role) >>> 32) * 10) >>> 32));
      }
    }
    if (isMalformed(index)) {
      out.append(delimiter).append('x');
    }
  }

  /**
   * The event time of line {@code index} of a slice of {@code sliceLines}: rising with the index through
   * {@code (batchTimeMs - intervalMs, batchTimeMs]}, or, for a line out of order, 1..{@code outOfOrderByMs}
   * earlier than that, but not before the epoch.
   */
  private long eventTimeMs(long line, long batchTimeMs, long index, long intervalMs, long sliceLines) {
    long inOrder = batchTimeMs - intervalMs + 1 + index * intervalMs / sliceLines;
    if (!isOutOfOrder(index)) {
      return inOrder;
    }
    // Never before the epoch: the event-time parser reads no sign (batch times near 0 occur under a test clock).
    return Math.max(0, inOrder - 1 - Long.remainderUnsigned(draw(line, LAG_DRAW), outOfOrderByMs));
  }

  /** One line as a String (tests and tools; the input itself reuses one builder per partition). */
  public String line(long batchTimeMs, int partition, long index) {
    StringBuilder out = new StringBuilder(64);
    appendLine(out, batchTimeMs, partition, index);
    return out.toString();
  }

  /** Line {@code index} of {@code slice} as a String. */
  public String line(GeneratedSlice slice, long index) {
    StringBuilder out = new StringBuilder(64);
    appendLine(out, slice, index);
    return out.toString();
  }

  /** Characters of the longest line that is not malformed. */
  public int longestValidLine() {
    if (text) {
      return words * longestKey() + words - 1;
    }
    int length = columns.length - 1;
    for (int role : columns) {
      length += role == KEY_COLUMN ? longestKey() : role == FILLER_COLUMN ? 1 : role == TIME_COLUMN ? TIME_WIDTH
          : role == 0 ? AMOUNT_WIDTH : WHOLE_WIDTH;
    }
    return length;
  }

  private int longestKey() {
    return 1 + Long.toString(keys - 1L).length();
  }

  /** k0 .. k(keys-1), uniform: the high 32 bits scaled to the key count (no modulo bias worth naming). */
  private void appendKey(StringBuilder out, long bits) {
    out.append('k').append((int) (((bits >>> 32) * keys) >>> 32));
  }

  /** 0.01 .. 99.99 from the low 32 bits, written without formatting objects. */
  private static void appendAmount(StringBuilder out, long bits) {
    int cents = 1 + (int) (((bits & 0xFFFF_FFFFL) * 9_999) >>> 32);
    int fraction = cents % 100;
    out.append(cents / 100).append('.').append((char) ('0' + fraction / 10)).append((char) ('0' + fraction % 10));
  }

  private long sliceSeed(long batchTimeMs, int partition) {
    return mix64(mix64(mix64(seed) ^ batchTimeMs) ^ partition);
  }

  /** The line's d-th independent 64 bits; the line's own bits for d = 0. */
  private static long draw(long line, int d) {
    return d == 0 ? line : mix64(line + d * GOLDEN_GAMMA);
  }

  /** SplitMix64's finalizer: a cheap bijection whose output bits all depend on all input bits. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long ratePerSecond() {
    return ratePerSecond;
  }

  public boolean text() {
    return text;
  }
}
