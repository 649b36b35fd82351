package dev.tally.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark harness: runs the selected figures, prints one table, and writes machine.txt, a CSV
 * and a PNG per figure, summary.csv and summary.md into a new folder {@code <bench.out>/<timestamp>}.
 * Run it with {@code mvn -B -P bench verify} (see the pom's bench profile).
 *
 * <p>System properties: {@code bench.out} (default {@code target/bench}), {@code bench.only} (figure
 * ids, comma-separated, or {@code all}), {@code bench.quick} ({@code true}: a seconds-long smoke run),
 * {@code bench.publish} ({@code true}: the published figures, {@link #PUBLISHED}, with their
 * workloads, into {@code src/bench/results}, and the README's table rewritten from this run).
 * Exits non-zero when a figure fails, after writing what the others measured.
 */
public final class Bench {
  private Bench() {}

  /** The figures whose results the README publishes (issue 14's targets), and the command that runs them. */
  static final String PUBLISHED = "5,6,7";
  static final String PUBLISH_COMMAND = "mvn -B -P bench verify -Dbench.publish=true -Dbench.heap=16g";

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    boolean quick = Boolean.parseBoolean(System.getProperty("bench.quick", "false"));
    boolean publish = Boolean.parseBoolean(System.getProperty("bench.publish", "false"));
    if (publish && quick) {
      System.err.println("bench: bench.publish: a quick run is not a measurement and publishes nothing");
      System.exit(2);
      return;
    }
    String only = System.getProperty("bench.only", "all");
    List<Figure> figures;
    try {
      figures = select(Figures.all(), publish && only.trim().equalsIgnoreCase("all") ? PUBLISHED : only);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Machine machine = Machine.describe();
    Path folder = (publish ? Path.of("src/bench/results") : Path.of(System.getProperty("bench.out", "target/bench")))
        .resolve(machine.date().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (quick ? "-quick" : ""))
        .toAbsolutePath();
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("machine.txt"), machine.describeLines(), StandardCharsets.UTF_8);

    List<FigureResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    try (BenchContext context = new BenchContext(quick, machine)) {
      for (Figure figure : figures) {
        System.err.println("bench: figure " + figure.id() + ": " + figure.title() + (quick ? " (quick)" : ""));
        long start = System.nanoTime();
        try {
          FigureResult result = figure.run(context);
          results.add(result);
          context.finished(result);
          // Written at once: an OutOfMemoryError in one of Spark's own threads ends the JVM (Spark's
          // uncaught-exception handler exits with 52), and the figures measured so far must survive it.
          write(folder, machine, quick, results, failures);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          failures.put(figure.id(), (e instanceof OutOfMemoryError
              ? "out of heap: give the run more with -Dbench.heap (its Spark context was replaced)\n" : "") + trace);
          System.err.println("bench: figure " + figure.id() + " failed:\n" + trace);
          write(folder, machine, quick, results, failures);
          context.close(); // the next figure gets a new Spark context
        }
        System.err.printf("bench: figure %s took %.1f s%n", figure.id(), (System.nanoTime() - start) / 1e9);
      }
    }

    System.out.println();
    TablePrinter.print(System.out, machine, results);
    System.out.println("Output: " + folder);
    if (publish && failures.isEmpty()) {
      ReadmeTable.rewrite(Path.of("README.md"), ReadmeTable.block(Path.of(""), folder, machine, PUBLISH_COMMAND, results));
      System.out.println("README.md: the table of published figures is rewritten from this run");
    }
    if (!failures.isEmpty()) {
      System.err.println("bench: failed figures: " + failures.keySet());
      System.exit(1);
    }
  }

  /** Every figure's CSV and chart, and the summaries, for the results so far (rewritten each time). */
  private static void write(Path folder, Machine machine, boolean quick, List<FigureResult> results,
      Map<String, String> failures) throws IOException {
    for (FigureResult r : results) {
      CsvWriter.writeFigure(folder, r);
      ChartWriter.write(folder, r, machine);
    }
    CsvWriter.writeSummary(folder, results);
    SummaryWriter.write(folder, machine, quick, results, failures);
  }

  static List<Figure> select(List<Figure> all, String only) {
    if (only == null || only.isBlank() || only.trim().equalsIgnoreCase("all")) {
      return all;
    }
    Set<String> wanted = Arrays.stream(only.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    Set<String> known = all.stream().map(Figure::id).collect(Collectors.toSet());
    List<String> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown figure id(s) " + unknown + " in bench.only; known: " + known);
    }
    return all.stream().filter(f -> wanted.contains(f.id())).toList();
  }
}
