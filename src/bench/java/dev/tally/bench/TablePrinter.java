package dev.tally.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints results as a plain-text table with aligned columns. */
final class TablePrinter {
  private static final String[] HEADER = {"figure", "series", "x", "median", "low..high", "spread", "unit", "reps",
      "vs comparator"};

  private TablePrinter() {}

  static void print(PrintStream out, Machine machine, List<FigureResult> results) {
    out.println("Machine: " + machine.oneLine());
    List<String[]> rows = new ArrayList<>();
    for (FigureResult r : results) {
      for (Point p : r.points()) {
        rows.add(new String[] {r.id(), p.series(), p.xLabel(), Numbers.readable(p.y()),
            Numbers.readable(p.low()) + ".." + Numbers.readable(p.high()),
            String.format(Locale.ROOT, "%.0f%%", 100 * p.spread()), r.unit(), Integer.toString(p.repetitions()),
            r.ratio(p).map(x -> String.format(Locale.ROOT, "%.2fx %s", x, r.comparator()))
                .orElse(p.series().equals(r.comparator()) ? "(comparator)" : "")});
      }
    }
    int[] widths = new int[HEADER.length];
    for (int c = 0; c < HEADER.length; c++) {
      widths[c] = HEADER[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    printRow(out, HEADER, widths);
    StringBuilder rule = new StringBuilder();
    for (int w : widths) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    for (String[] row : rows) {
      printRow(out, row, widths);
    }
    for (FigureResult r : results) {
      for (String note : r.notes()) {
        out.println("[" + r.id() + "] " + note);
      }
    }
  }

  private static void printRow(PrintStream out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      boolean numeric = c == 3 || c == 5 || c == 7; // right-aligned so magnitudes line up
      String cell = cells[c];
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(numeric ? pad + cell : cell + pad).append("  ");
    }
    out.println(line.toString().stripTrailing());
  }
}
