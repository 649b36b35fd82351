package dev.tally.bench.baseline;

import java.util.List;

/**
 * Input lines batch by batch, the same for every series of a figure. Deterministic: a batch index
 * always yields the same lines, so a run can be repeated and variants can be checked against each
 * other. The project's generated input can stand behind this as well as {@link CsvLines}.
 */
public interface LineSource {
  /** The lines of batch {@code index} (0-based). */
  List<String> batch(int index);

  /** What the lines are, for the figure's notes: format, keys, lines per batch. */
  String describe();
}
