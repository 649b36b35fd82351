package dev.tally.bench;

import java.util.Locale;

/** Number formats shared by the table, the CSVs' readers and the charts. */
final class Numbers {
  private Numbers() {}

  /** Grouped thousands for large values, three significant digits for small ones. */
  static String readable(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** Short labels for axes: 1.5k, 20M. */
  static String compact(double v) {
    double a = Math.abs(v);
    String[] suffixes = {"", "k", "M", "G", "T"};
    int i = 0;
    while (a >= 1000 && i < suffixes.length - 1) {
      a /= 1000;
      v /= 1000;
      i++;
    }
    String digits = a == Math.rint(a) ? String.format(Locale.ROOT, "%.0f", v)
        : a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    if (digits.contains(".")) {
      digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return digits + suffixes[i];
  }

  /** Full precision for CSV cells, without exponent notation for ordinary magnitudes. */
  static String exact(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
