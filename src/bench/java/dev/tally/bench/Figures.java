package dev.tally.bench;

import dev.tally.bench.baseline.BaselineThroughputFigure;
import dev.tally.bench.jar.EventTimeCostFigure;
import dev.tally.bench.jar.JarRateFigure;
import dev.tally.bench.sink.SinkFigure;
import dev.tally.bench.state.StateFigure;
import dev.tally.bench.structured.StructuredComparisonFigure;
import dev.tally.bench.throughput.ThroughputFigure;
import dev.tally.bench.window.WindowCostFigure;
import java.util.List;

/**
 * The registry of figures, in report order, each measured against its comparator in the same run.
 * Figure 2 sets figure 1's rates beside its single-thread baselines, so 1 runs first.
 */
public final class Figures {
  private Figures() {}

  public static List<Figure> all() {
    return List.of(new ThroughputFigure(), new BaselineThroughputFigure(), new StructuredComparisonFigure(),
        new WindowCostFigure(), new SinkFigure(), new StateFigure(), new JarRateFigure(), new EventTimeCostFigure());
  }
}
