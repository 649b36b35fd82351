package dev.tally.bench;

/**
 * One figure of the benchmark: measures its series side by side with its comparator in the same run.
 * Implementations print nothing themselves; the harness prints, charts and writes the result.
 */
public interface Figure {
  /** Short id used by {@code -Dbench.only} and in file names, e.g. {@code 5}. */
  String id();

  /** What it measures, for logs before the run. */
  String title();

  FigureResult run(BenchContext context) throws Exception;
}
