package dev.tally.sink.jdbc;

import java.io.Serializable;

/** A column of an output table: its name and portable type ({@code scale} is used by DECIMAL only). */
public record Column(String name, Type type, int scale) implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Type { BIGINT, TEXT, TIMESTAMP, DECIMAL }

  public static Column of(String name, Type type) {
    return new Column(name, type, 0);
  }

  public static Column decimal(String name, int scale) {
    return new Column(name, Type.DECIMAL, scale);
  }
}
