package dev.tally.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** summary.md: the machine, then per figure its chart, a table and its notes. */
final class SummaryWriter {
  private SummaryWriter() {}

  static Path write(Path folder, Machine machine, boolean quick, List<FigureResult> results,
      Map<String, String> failures) throws IOException {
    StringBuilder md = new StringBuilder("# Tally benchmark\n\n");
    if (quick) {
      md.append("**Quick run** (smoke check): too short to be a measurement.\n\n");
    }
    md.append("Machine: ").append(machine.oneLine()).append(" (details in machine.txt). Each figure was measured "
        + "in this one run, side by side with its comparator.\n\n");
    for (FigureResult r : results) {
      md.append("## Figure ").append(r.id()).append(": ").append(r.title()).append("\n\n");
      md.append("![figure ").append(r.id()).append("](figure-").append(r.id()).append(".png)\n\n");
      md.append("| series | ").append(r.xAxis()).append(" | median (").append(r.unit())
          .append(") | low..high | reps | vs ").append(r.comparator()).append(" |\n");
      md.append("|---|---|---:|---|---:|---:|\n");
      for (Point p : r.points()) {
        md.append("| ").append(p.series()).append(" | ").append(p.xLabel()).append(" | ")
            .append(Numbers.readable(p.y())).append(" | ").append(Numbers.readable(p.low())).append("..")
            .append(Numbers.readable(p.high())).append(" | ").append(p.repetitions()).append(" | ")
            .append(r.ratio(p).map(x -> String.format(Locale.ROOT, "%.2fx", x)).orElse("")).append(" |\n");
      }
      md.append('\n');
      for (String note : r.notes()) {
        md.append("- ").append(note).append('\n');
      }
      md.append("\nData: figure-").append(r.id()).append(".csv\n\n");
    }
    failures.forEach((id, error) -> md.append("## Figure ").append(id).append(": FAILED\n\n```\n").append(error)
        .append("\n```\n\n"));
    Path file = folder.resolve("summary.md");
    Files.writeString(file, md, StandardCharsets.UTF_8);
    return file;
  }
}
