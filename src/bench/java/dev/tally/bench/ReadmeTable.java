package dev.tally.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's table of published figures, written by the run that measured them: {@code
 * -Dbench.publish=true} replaces what stands between the README's two markers with this run's rows,
 * its charts and a link to its folder, so the README cannot quote a figure that no run produced.
 */
public final class ReadmeTable {
  static final String BEGIN = "<!-- bench:published:begin (written by mvn -P bench verify -Dbench.publish=true) -->";
  static final String END = "<!-- bench:published:end -->";

  /** One published figure: which figure, what was measured, what it came to, and the target. */
  public record Row(String figure, String what, String measured, String target) {}

  private ReadmeTable() {}

  static String block(Path readmeDir, Path folder, Machine machine, String command, List<FigureResult> results) {
    String link = readmeDir.toAbsolutePath().relativize(folder.toAbsolutePath()).toString().replace('\\', '/');
    StringBuilder md = new StringBuilder();
    md.append("**Last published run**: `").append(command).append("` on ").append(machine.oneLine()).append(": [")
        .append(link).append("](").append(link).append("/summary.md) (every figure's notes, CSV, chart and, for ")
        .append("figure 7, each step's log line).\n\n");
    md.append("| figure | what | measured | target in issue 14 |\n|---|---|---|---|\n");
    for (FigureResult r : results) {
      for (Row row : r.readmeRows()) {
        md.append("| ").append(row.figure()).append(" | ").append(row.what()).append(" | ").append(row.measured())
            .append(" | ").append(row.target()).append(" |\n");
      }
    }
    md.append('\n');
    for (FigureResult r : results) {
      if (!r.readmeRows().isEmpty()) {
        md.append("![figure ").append(r.id()).append("](").append(link).append("/figure-").append(r.id())
            .append(".png)\n");
      }
    }
    return md.toString();
  }

  /** Replaces the text between the markers in {@code readme} with {@code block}. */
  static void rewrite(Path readme, String block) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException(readme + " has no " + BEGIN + " ... " + END + " block to rewrite");
    }
    String updated = text.substring(0, begin + BEGIN.length()) + "\n" + block + text.substring(end);
    Files.writeString(readme, updated, StandardCharsets.UTF_8);
  }
}
