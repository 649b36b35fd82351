package dev.tally.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One CSV per figure ({@code figure-<id>.csv}) and {@code summary.csv} with every figure's rows. */
final class CsvWriter {
  static final String HEADER = "figure,series,x,x_label,median,low,high,repetitions,unit,comparator,ratio_to_comparator";

  private CsvWriter() {}

  static Path writeFigure(Path folder, FigureResult result) throws IOException {
    Path file = folder.resolve("figure-" + result.id() + ".csv");
    write(file, List.of(result));
    return file;
  }

  static Path writeSummary(Path folder, List<FigureResult> results) throws IOException {
    Path file = folder.resolve("summary.csv");
    write(file, results);
    return file;
  }

  private static void write(Path file, List<FigureResult> results) throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (FigureResult r : results) {
      for (Point p : r.points()) {
        out.append(String.join(",", escape(r.id()), escape(p.series()), Numbers.exact(p.x()), escape(p.xLabel()),
            Numbers.exact(p.y()), Numbers.exact(p.low()), Numbers.exact(p.high()), Integer.toString(p.repetitions()),
            escape(r.unit()), escape(r.comparator()),
            r.ratio(p).map(x -> String.format(Locale.ROOT, "%.4f", x)).orElse(""))).append('\n');
      }
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes inside doubled. */
  static String escape(String cell) {
    if (cell == null) {
      return "";
    }
    boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
        || cell.indexOf('\r') >= 0;
    return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
