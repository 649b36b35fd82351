package dev.tally.parse;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a {@link LineParser}: small, immutable and serializable, so Spark
 * functions capture this and build their parser on the executor, once per partition.
 */
public final class ParserSpec implements Serializable {
  private static final long serialVersionUID = 2L;

  /** {@code --event-time kafka}: the Kafka record's timestamp is the event time, no field is read. */
  public static final String KAFKA_TIMESTAMP = "kafka";

  public static final int MAX_VALUE_FIELDS = 16;

  private final InputFormat format;
  private final String keyField;
  private final String[] valueFields;
  private final String[] csvColumns;
  private final char csvDelimiter;
  private final int decimals;
  private final int maxLineLength;
  private final int maxKeyLength;
  /** The field holding the event time, {@link #KAFKA_TIMESTAMP}, or null without event time. */
  private final String eventTimeField;

  /**
   * @param csvColumns the column names of a CSV line in order; empty means key then values
   */
  public ParserSpec(InputFormat format, String keyField, List<String> valueFields, List<String> csvColumns,
      char csvDelimiter, int decimals, int maxLineLength, int maxKeyLength) {
    this(format, keyField, valueFields, csvColumns, csvDelimiter, decimals, maxLineLength, maxKeyLength, null);
  }

  /**
   * @param eventTimeField the field holding each event's time, {@link #KAFKA_TIMESTAMP} for the Kafka
   *     record's timestamp, or null when events have no time (the parsers then read no time at all)
   */
  public ParserSpec(InputFormat format, String keyField, List<String> valueFields, List<String> csvColumns,
      char csvDelimiter, int decimals, int maxLineLength, int maxKeyLength, String eventTimeField) {
    this.format = Objects.requireNonNull(format, "format");
    this.keyField = Objects.requireNonNull(keyField, "keyField");
    this.valueFields = format == InputFormat.TEXT ? new String[0] : valueFields.toArray(new String[0]);
    this.csvColumns = csvColumns.isEmpty() ? defaultColumns(keyField, this.valueFields) : csvColumns.toArray(new String[0]);
    this.csvDelimiter = csvDelimiter;
    this.decimals = decimals;
    this.maxLineLength = maxLineLength;
    this.maxKeyLength = maxKeyLength;
    this.eventTimeField = eventTimeField;
    validate();
  }

  /** The word count with default limits. */
  public static ParserSpec text() {
    return new ParserSpec(InputFormat.TEXT, "key", List.of(), List.of(), ',', 0, 65_536, 512);
  }

  private static String[] defaultColumns(String key, String[] values) {
    String[] columns = new String[values.length + 1];
    columns[0] = key;
    System.arraycopy(values, 0, columns, 1, values.length);
    return columns;
  }

  private void validate() {
    if (valueFields.length > MAX_VALUE_FIELDS) {
      throw new IllegalArgumentException("at most " + MAX_VALUE_FIELDS + " value fields");
    }
    if (decimals < 0 || decimals > FixedPoint.MAX_SCALE) {
      throw new IllegalArgumentException("decimals must be 0.." + FixedPoint.MAX_SCALE);
    }
    if (maxLineLength < 1 || maxKeyLength < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (format == InputFormat.CSV) {
      if (indexOf(csvColumns, keyField) < 0) {
        throw new IllegalArgumentException("key field '" + keyField + "' is not one of the CSV columns " + Arrays.toString(csvColumns));
      }
      for (String v : valueFields) {
        if (indexOf(csvColumns, v) < 0) {
          throw new IllegalArgumentException("value field '" + v + "' is not one of the CSV columns " + Arrays.toString(csvColumns));
        }
      }
      if (csvDelimiter == '"') {
        throw new IllegalArgumentException("the CSV delimiter cannot be the quote character");
      }
    }
    if (eventTimeField != null && !eventTimeField.equals(KAFKA_TIMESTAMP)) {
      if (format == InputFormat.TEXT) {
        throw new IllegalArgumentException("an event time field needs --format csv or json");
      }
      if (eventTimeField.equals(keyField) || indexOf(valueFields, eventTimeField) >= 0) {
        throw new IllegalArgumentException("event time field '" + eventTimeField + "' is the key or a value field");
      }
      if (format == InputFormat.CSV && indexOf(csvColumns, eventTimeField) < 0) {
        throw new IllegalArgumentException("event time field '" + eventTimeField + "' is not one of the CSV columns "
            + Arrays.toString(csvColumns));
      }
    }
    for (int i = 0; i < valueFields.length; i++) {
      if (valueFields[i].equals(keyField) || indexOf(Arrays.copyOf(valueFields, i), valueFields[i]) >= 0) {
        throw new IllegalArgumentException("value field '" + valueFields[i] + "' is named twice or is the key");
      }
    }
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A new parser; not thread-safe, so one per partition. */
  public LineParser newParser() {
    switch (format) {
      case TEXT:
        return new TextLineParser(maxLineLength, maxKeyLength);
      case CSV:
        int[] valueColumns = new int[valueFields.length];
        for (int i = 0; i < valueFields.length; i++) {
          valueColumns[i] = indexOf(csvColumns, valueFields[i]);
        }
        return new CsvLineParser(csvColumns, indexOf(csvColumns, keyField), valueColumns,
            eventTimeInLine() ? indexOf(csvColumns, eventTimeField) : -1, csvDelimiter, decimals, maxLineLength,
            maxKeyLength);
      case JSON:
        return new JsonLineParser(keyField, valueFields, eventTimeInLine() ? eventTimeField : null, decimals,
            maxLineLength, maxKeyLength);
      default:
        throw new IllegalStateException("unknown format " + format);
    }
  }

  /** True when events have a time, from a field or from the Kafka record. */
  public boolean hasEventTime() {
    return eventTimeField != null;
  }

  /** True when the event time is the Kafka record's timestamp. */
  public boolean eventTimeFromRecord() {
    return KAFKA_TIMESTAMP.equals(eventTimeField);
  }

  /** True when the parser reads the event time from a field of the line. */
  public boolean eventTimeInLine() {
    return eventTimeField != null && !eventTimeFromRecord();
  }

  /** The event time field, {@link #KAFKA_TIMESTAMP}, or null. */
  public String eventTimeField() {
    return eventTimeField;
  }

  public InputFormat format() {
    return format;
  }

  public String keyField() {
    return keyField;
  }

  public List<String> valueFields() {
    return List.of(valueFields);
  }

  public List<String> csvColumns() {
    return List.of(csvColumns);
  }

  public char csvDelimiter() {
    return csvDelimiter;
  }

  public int decimals() {
    return decimals;
  }

  public int maxLineLength() {
    return maxLineLength;
  }

  public int maxKeyLength() {
    return maxKeyLength;
  }

  @Override
  public String toString() {
    return format == InputFormat.TEXT
        ? "text"
        : format.id() + "(key=" + keyField + ", values=" + String.join(",", valueFields) + ", decimals=" + decimals
            + (eventTimeField == null ? "" : ", event-time=" + eventTimeField) + ")";
  }
}
