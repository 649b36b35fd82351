package dev.tally.audit;

import dev.tally.config.Durations;
import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.input.DirectoryInput;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.SinkReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The audit of a job whose only input is a directory, against the generator's log (every line of
 * every file it moved in). No ledger says which batch read which file, so the checks are those
 * that hold whatever the batches were: every running total exact; every reject stored once; and,
 * per window and key, the stored rows summing to exactly length/slide times the key's total (each
 * event lies in that many slides of a window), which fails when a re-run batch read other files
 * than the first run and left rows of both behind. The job must have run a window's length past
 * its last file, and the sink's window retention must keep every row.
 */
final class DirectoryAudit {
  private final GraphSettings graph;
  private final JdbcSettings jdbc;
  private final String inputName;
  private final Path directory;
  private final Path generatorLog;
  private final int differences;

  DirectoryAudit(GraphSettings graph, JdbcSettings jdbc, String inputDir, Path generatorLog, int differences) {
    this.graph = graph;
    this.jdbc = jdbc;
    this.inputName = new DirectoryInput(inputDir).name();
    this.directory = Path.of(inputDir.startsWith("file:") ? inputDir.substring("file:".length()) : inputDir)
        .toAbsolutePath().normalize();
    this.generatorLog = generatorLog;
    this.differences = differences;
  }

  AuditReport run() throws IOException, SQLException {
    MetricSchema schema = MetricSchema.of(graph.parser());
    LineParser parser = graph.parser().newParser();
    KeyedSums expected = new KeyedSums(parser.valueCount());
    long[] linesAndRejects = new long[2];
    EventHandler handler = new EventHandler() {
      @Override
      public void event(String key, long[] values) {
        expected.addEvent(key, values);
      }

      @Override
      public void reject(String reason) {
        linesAndRejects[1]++;
      }
    };
    try (BufferedReader in = Files.newBufferedReader(generatorLog, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        linesAndRejects[0]++;
        parser.parse(line, handler);
      }
    }
    Map<String, Metric> totals = expected.toMetrics();

    AuditReport report = new AuditReport();
    report.header("Tally audit of " + inputName + " against " + generatorLog + ", results in " + jdbc.url());
    report.header("job: batch " + Durations.format(graph.batchMs()) + ", windows "
        + graph.windows().stream().map(WindowSpec::id).collect(Collectors.joining(" ")) + ", "
        + graph.parser() + ", state TTL " + Durations.format(graph.stateTtlMs()));
    report.info("lines in the generator's files", linesAndRejects[0]);
    try (SinkReader sink = SinkReader.open(jdbc)) {
      long[] lostAndTwice = new long[2];
      SinkChecks.Totals check = new SinkChecks.Totals(totals, schema, differences);
      Map<String, Long> storedCounts = new HashMap<>();
      sink.totals(schema, (key, total) -> {
        check.stored(key, total.metric());
        storedCounts.put(key, total.metric().count());
      });
      for (String key : new TreeSet<>(union(totals.keySet(), storedCounts.keySet()))) {
        long want = totals.containsKey(key) ? totals.get(key).count() : 0;
        long got = storedCounts.getOrDefault(key, 0L);
        lostAndTwice[want > got ? 0 : 1] += Math.abs(want - got);
      }
      report.none("events lost (at least: missing from the totals)", lostAndTwice[0]);
      report.none("events counted twice (at least: surplus in the totals)", lostAndTwice[1]);
      report.summary("totals=" + check.report(report));
      report.summary("lost=" + lostAndTwice[0]);
      report.summary("twice=" + lostAndTwice[1]);

      Map<WindowSpec, KeyedSums> windowSums = new LinkedHashMap<>();
      graph.windows().forEach(w -> windowSums.put(w, new KeyedSums(parser.valueCount())));
      long[] otherRows = new long[1];
      sink.windows(schema, (lengthMs, slideMs, endMs, key, metric) -> {
        KeyedSums sums = windowSums.get(new WindowSpec(lengthMs, slideMs));
        if (sums == null) {
          otherRows[0]++;
        } else {
          sums.add(key, countThenSums(metric, 1), 1);
        }
      });
      long allEqual = 0;
      long all = 0;
      for (Map.Entry<WindowSpec, KeyedSums> window : windowSums.entrySet()) {
        WindowSpec w = window.getKey();
        long slides = w.lengthMs() / w.slideMs();
        SinkChecks.Differences d = new SinkChecks.Differences("window " + w.id(), differences);
        long equal = 0;
        for (String key : new TreeSet<>(union(totals.keySet(), window.getValue().entries().keySet()))) {
          Metric want = totals.containsKey(key) ? Metric.fromAccumulator(countThenSums(totals.get(key), slides)) : null;
          long[] found = window.getValue().get(key);
          Metric got = found == null ? null : Metric.fromAccumulator(found);
          if (want != null && want.equals(got)) {
            equal++;
          } else {
            d.add("key " + key + ": rows should sum to " + slides + " x its total = "
                + (want == null ? "nothing" : schema.format(want)) + ", they sum to "
                + (got == null ? "nothing" : schema.format(got)));
          }
        }
        long keys = union(totals.keySet(), window.getValue().entries().keySet()).size();
        report.equalOf("window " + w.id() + ": keys whose rows sum to " + slides + " x the total", keys, equal);
        d.report(report);
        allEqual += equal;
        all += keys;
      }
      if (otherRows[0] > 0) {
        report.note("not compared: " + otherRows[0] + " window rows of windows this job does not have");
      }
      report.summary("windows=" + allEqual + "/" + all);

      long storedRejects = sink.rejectCounts(this::inDirectory).values().stream().mapToLong(Long::longValue).sum();
      report.check("rejects stored (once each)", linesAndRejects[1], storedRejects, storedRejects == linesAndRejects[1]);
      report.summary("rejects=" + storedRejects + "/" + linesAndRejects[1]);
    }
    return report;
  }

  /** The metric as count then sums, each times {@code factor}. */
  private static long[] countThenSums(Metric metric, long factor) {
    long[] out = new long[metric.sumCount() + 1];
    out[0] = metric.count() * factor;
    for (int i = 0; i < metric.sumCount(); i++) {
      out[i + 1] = metric.sum(i) * factor;
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** True for a reject of a file in the audited directory ({@code file:/dir/name}: see Reject). */
  private boolean inDirectory(String rejectInput) {
    if (!rejectInput.startsWith("file:")) {
      return false;
    }
    Path file = Path.of(rejectInput.substring("file:".length())).toAbsolutePath().normalize();
    return directory.equals(file.getParent());
  }
}
