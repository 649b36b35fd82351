package dev.tally.sink.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/** Table and column names: validated, never quoted, never built from data. */
public final class SqlIdentifiers {
  private static final Pattern QUALIFIED = Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

  private SqlIdentifiers() {}

  /** True for a plain SQL identifier, optionally schema-qualified ({@code metrics.tally_windows}). */
  public static boolean isTableName(String name) {
    return name != null && QUALIFIED.matcher(name).matches();
  }

  /**
   * The column holding the sum of a value field: {@code sum_} plus the field name in lower case with
   * anything but letters, digits and underscores replaced, e.g. {@code cost} → {@code sum_cost}.
   */
  public static String sumColumn(String valueField) {
    String cleaned = valueField.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String column = "sum_" + cleaned;
    return column.length() <= 63 ? column : column.substring(0, 63);
  }
}
