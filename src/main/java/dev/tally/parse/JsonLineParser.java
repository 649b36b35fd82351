package dev.tally.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * One event per line holding one JSON object: the key field (string or number) and the value fields
 * (numbers, or strings holding numbers) are top-level fields; other fields are skipped. Streams
 * tokens with Jackson (Spark ships it) rather than building a tree per line.
 */
final class JsonLineParser extends BoundedLineParser {
  private final String keyField;
  private final String[] valueFields;
  private final String timeField; // null: events have no time field
  private final int scale;
  private final long[] values;
  private final JsonFactory factory =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  JsonLineParser(String keyField, String[] valueFields, String timeField, int scale, int maxLineLength,
      int maxKeyLength) {
    super(maxLineLength, maxKeyLength);
    this.keyField = keyField;
    this.valueFields = valueFields.clone();
    this.timeField = timeField;
    this.scale = scale;
    this.values = new long[valueFields.length];
  }

  @Override
  public int valueCount() {
    return valueFields.length;
  }

  @Override
  void parseBounded(String line, EventHandler handler) {
    String reason;
    try (JsonParser parser = factory.createParser(line)) {
      reason = read(parser);
    } catch (IOException e) {
      reason = "bad JSON: " + firstLine(e.getMessage());
    }
    if (reason != null) {
      handler.reject(reason);
    } else if (timeField == null) {
      handler.event(key, values);
    } else {
      handler.event(key, values, time);
    }
    key = null;
    time = EventTime.INVALID;
  }

  private String key;
  private long time = EventTime.INVALID;

  /** Reads one object into {@link #key} and {@link #values}; returns a reject reason or null. */
  private String read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return "not a JSON object";
    }
    long found = 0; // bit i: value field i seen
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals(keyField)) {
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
          return "key field '" + keyField + "' must be a string or an integer";
        }
        key = parser.getText();
        continue;
      }
      if (timeField != null && name.equals(timeField)) {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT
            && value != JsonToken.VALUE_STRING) {
          return "event time field '" + timeField + "' is not a number or a string";
        }
        String text = parser.getText();
        time = EventTime.parse(text);
        if (time == EventTime.INVALID) {
          return "event time field '" + timeField + "' is not an event time (epoch millis, epoch seconds with a "
              + "fraction, or ISO-8601 with an offset): '" + excerpt(text, 0, text.length()) + "'";
        }
        continue;
      }
      int slot = valueSlot(name);
      if (slot < 0) {
        parser.skipChildren();
        continue;
      }
      if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT
          && value != JsonToken.VALUE_STRING) {
        return "value field '" + name + "' is not a number";
      }
      String text = parser.getText();
      long parsed = FixedPoint.parse(text, scale);
      if (parsed == FixedPoint.INVALID) {
        return "value field '" + name + "' is not a number in range: '" + excerpt(text, 0, text.length()) + "'";
      }
      values[slot] = parsed;
      found |= 1L << slot;
    }
    if (token != JsonToken.END_OBJECT) {
      return "bad JSON: unexpected " + token;
    }
    if (parser.nextToken() != null) {
      return "trailing content after the JSON object";
    }
    if (key == null) {
      return "missing key field '" + keyField + "'";
    }
    if (timeField != null && time == EventTime.INVALID) {
      return "missing event time field '" + timeField + "'";
    }
    for (int i = 0; i < valueFields.length; i++) {
      if ((found & (1L << i)) == 0) {
        return "missing value field '" + valueFields[i] + "'";
      }
    }
    String trimmed = key.strip();
    if (trimmed.isEmpty()) {
      return "empty key in field '" + keyField + "'";
    }
    if (trimmed.length() > maxKeyLength) {
      return "key in field '" + keyField + "' is longer than " + maxKeyLength + " characters";
    }
    key = trimmed;
    return null;
  }

  private int valueSlot(String name) {
    for (int i = 0; i < valueFields.length; i++) {
      if (valueFields[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    return first.length() <= 160 ? first : first.substring(0, 160) + "...";
  }
}
