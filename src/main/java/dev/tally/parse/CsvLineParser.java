package dev.tally.parse;

/**
 * One event per delimited line. Fields may be double-quoted (a doubled quote inside stands for one);
 * unquoted fields are trimmed of spaces. The line must have exactly the configured column count.
 */
final class CsvLineParser extends BoundedLineParser {
  private final String[] columns;
  private final int keyColumn;
  private final int[] valueColumns;
  private final int timeColumn; // -1: events have no time field
  private final char delimiter;
  private final int scale;

  // Reused per line: where each field starts and ends, and whether it was quoted.
  private final int[] fieldStart;
  private final int[] fieldEnd;
  private final boolean[] quoted;
  private final long[] values;

  CsvLineParser(String[] columns, int keyColumn, int[] valueColumns, int timeColumn, char delimiter, int scale,
      int maxLineLength, int maxKeyLength) {
    super(maxLineLength, maxKeyLength);
    this.columns = columns.clone();
    this.keyColumn = keyColumn;
    this.valueColumns = valueColumns.clone();
    this.timeColumn = timeColumn;
    this.delimiter = delimiter;
    this.scale = scale;
    this.fieldStart = new int[columns.length];
    this.fieldEnd = new int[columns.length];
    this.quoted = new boolean[columns.length];
    this.values = new long[valueColumns.length];
  }

  @Override
  public int valueCount() {
    return valueColumns.length;
  }

  @Override
  void parseBounded(String line, EventHandler handler) {
    int n = line.length();
    int field = 0;
    int i = 0;
    while (true) {
      int start = i;
      boolean isQuoted = false;
      int end;
      if (i < n && line.charAt(i) == '"') {
        isQuoted = true;
        int close = closingQuote(line, i + 1);
        if (close < 0) {
          handler.reject("unterminated quote in column " + (field + 1));
          return;
        }
        start = i + 1;
        end = close;
        i = close + 1;
        while (i < n && line.charAt(i) == ' ') {
          i++;
        }
        if (i < n && line.charAt(i) != delimiter) {
          handler.reject("text after the closing quote in column " + (field + 1));
          return;
        }
      } else {
        while (i < n && line.charAt(i) != delimiter) {
          i++;
        }
        end = i;
      }
      if (field < columns.length) {
        fieldStart[field] = start;
        fieldEnd[field] = end;
        quoted[field] = isQuoted;
      }
      field++;
      if (i >= n) {
        break;
      }
      i++; // past the delimiter; a trailing delimiter opens one more (empty) field
      if (i == n) {
        if (field < columns.length) {
          fieldStart[field] = n;
          fieldEnd[field] = n;
          quoted[field] = false;
        }
        field++;
        break;
      }
    }
    if (field != columns.length) {
      handler.reject("expected " + columns.length + " columns, found " + field);
      return;
    }
    String key = fieldText(line, keyColumn);
    if (key.isBlank()) {
      handler.reject("empty key in column '" + columns[keyColumn] + "'");
      return;
    }
    if (key.length() > maxKeyLength) {
      handler.reject("key in column '" + columns[keyColumn] + "' is longer than " + maxKeyLength + " characters");
      return;
    }
    for (int v = 0; v < valueColumns.length; v++) {
      int c = valueColumns[v];
      long value = FixedPoint.parse(line, fieldStart[c], fieldEnd[c], scale);
      if (value == FixedPoint.INVALID) {
        handler.reject("column '" + columns[c] + "' is not a number in range: '"
            + excerpt(line, fieldStart[c], fieldEnd[c]) + "'");
        return;
      }
      values[v] = value;
    }
    if (timeColumn < 0) {
      handler.event(key, values);
      return;
    }
    long time = EventTime.parse(line, fieldStart[timeColumn], fieldEnd[timeColumn]);
    if (time == EventTime.INVALID) {
      handler.reject("column '" + columns[timeColumn] + "' is not an event time (epoch millis, epoch seconds with "
          + "a fraction, or ISO-8601 with an offset): '" + excerpt(line, fieldStart[timeColumn], fieldEnd[timeColumn]) + "'");
      return;
    }
    handler.event(key, values, time);
  }

  private static int closingQuote(String line, int from) {
    int i = from;
    while (i < line.length()) {
      if (line.charAt(i) == '"') {
        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private String fieldText(String line, int column) {
    int start = fieldStart[column];
    int end = fieldEnd[column];
    if (quoted[column]) {
      String inner = line.substring(start, end);
      return inner.indexOf('"') < 0 ? inner : inner.replace("\"\"", "\"");
    }
    while (start < end && line.charAt(start) == ' ') {
      start++;
    }
    while (end > start && line.charAt(end - 1) == ' ') {
      end--;
    }
    return line.substring(start, end);
  }
}
