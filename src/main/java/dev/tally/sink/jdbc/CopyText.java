package dev.tally.sink.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows encoded as PostgreSQL's {@code COPY ... FROM STDIN} text format, UTF-8: columns separated by
 * tabs, rows ended by a newline, backslash, tab, newline and carriage return escaped. Values are
 * written straight into one growing byte buffer: no statement parameters, no {@code BigDecimal} per
 * sum. Columns must come in order, each exactly once per row.
 */
final class CopyText implements RowValues {
  private byte[] buffer;
  private int length;
  private int nextColumn = 1;
  private long lastTimestampMs = Long.MIN_VALUE;
  private byte[] lastTimestampText;

  CopyText(int initialBytes) {
    buffer = new byte[Math.max(64, initialBytes)];
  }

  /** Ends the current row. */
  void endRow() {
    put((byte) '\n');
    nextColumn = 1;
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  /** Forgets the rows written, keeping the buffer. */
  void clear() {
    length = 0;
    nextColumn = 1;
  }

  @Override
  public void setLong(int column, long value) {
    startColumn(column);
    putAscii(Long.toString(value));
  }

  @Override
  public void setString(int column, String value) {
    startColumn(column);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> putEscape('\\');
        case '\t' -> putEscape('t');
        case '\n' -> putEscape('n');
        case '\r' -> putEscape('r');
        default -> {
          if (c < 0x80) {
            put((byte) c);
          } else {
            // Rare in keys; the JDK's encoder handles surrogate pairs (and replaces lone ones).
            int end = i + 1;
            while (end < value.length() && value.charAt(end) >= 0x80) {
              end++;
            }
            putBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
            i = end - 1;
          }
        }
      }
    }
  }

  @Override
  public void setTimestamp(int column, long epochMs) {
    startColumn(column);
    if (epochMs != lastTimestampMs) { // a window's rows share one end: format it once
      lastTimestampText = Instant.ofEpochMilli(epochMs).toString().getBytes(StandardCharsets.US_ASCII);
      lastTimestampMs = epochMs;
    }
    putBytes(lastTimestampText);
  }

  @Override
  public void setDecimal(int column, long units, int scale) {
    startColumn(column);
    if (scale == 0) {
      putAscii(Long.toString(units));
      return;
    }
    String digits = Long.toString(Math.abs(units));
    if (units == Long.MIN_VALUE) {
      digits = digits.substring(1); // Math.abs overflows; Long.toString kept the sign
    }
    if (units < 0) {
      put((byte) '-');
    }
    int whole = digits.length() - scale;
    if (whole <= 0) {
      put((byte) '0');
      put((byte) '.');
      for (int i = whole; i < 0; i++) {
        put((byte) '0');
      }
      putAscii(digits);
    } else {
      putAscii(digits.substring(0, whole));
      put((byte) '.');
      putAscii(digits.substring(whole));
    }
  }

  private void startColumn(int column) {
    if (column != nextColumn) {
      throw new IllegalStateException("COPY columns must come in order: got " + column + ", expected " + nextColumn);
    }
    if (column > 1) {
      put((byte) '\t');
    }
    nextColumn++;
  }

  private void putEscape(char c) {
    put((byte) '\\');
    put((byte) c);
  }

  private void putAscii(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      buffer[length++] = (byte) ascii.charAt(i);
    }
  }

  private void putBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
