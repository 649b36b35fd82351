package dev.tally.fn;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs on executors, once per partition of an input's lines: one {@link PartitionCombiner} pass.
 * Captures only the parser spec, the input's name and the reject bound.
 */
public final class ParseAndCombine implements FlatMapFunction<Iterator<String>, PartitionOutput> {
  private static final long serialVersionUID = 1L;

  private final ParserSpec spec;
  private final String input;
  private final int maxRejectRaw;

  public ParseAndCombine(ParserSpec spec, String input, int maxRejectRaw) {
    this.spec = spec;
    this.input = input;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public Iterator<PartitionOutput> call(Iterator<String> lines) {
    TaskContext task = TaskContext.get();
    PartitionCombiner combiner =
        new PartitionCombiner(spec.newParser(), input, task == null ? 0 : task.partitionId(), maxRejectRaw);
    while (lines.hasNext()) {
      combiner.accept(lines.next());
    }
    return combiner.result().iterator();
  }
}
