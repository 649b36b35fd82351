package dev.tally.bench;

import dev.tally.bench.baseline.BaselineThroughputFigure;
import dev.tally.bench.sink.SinkFigure;
import dev.tally.bench.structured.StructuredComparisonFigure;
import dev.tally.bench.throughput.ThroughputFigure;
import java.util.List;

/**
 * The registry of figures, in report order. The other figures (throughput, latency, the
 * Structured Streaming comparison, window cost, state memory, and figure 2's Spark series beside
 * the baselines) join this list, each measured against its comparator in the same run.
 */
public final class Figures {
  private Figures() {}

  public static List<Figure> all() {
    return List.of(new ThroughputFigure(), new BaselineThroughputFigure(), new StructuredComparisonFigure(),
        new SinkFigure());
  }
}
