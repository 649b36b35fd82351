package dev.tally.graph;

import dev.tally.config.WindowSpec;
import dev.tally.fn.AddMetrics;
import dev.tally.fn.AddSeedToFirstBatch;
import dev.tally.fn.AddTotals;
import dev.tally.fn.NonZeroMetric;
import dev.tally.fn.ParseAndCombine;
import dev.tally.fn.ParsePartitionsByIndex;
import dev.tally.fn.ParseUtf8Lines;
import dev.tally.fn.SelectMetrics;
import dev.tally.fn.StampBatchTime;
import dev.tally.fn.MergePartials;
import dev.tally.fn.SubtractMetrics;
import dev.tally.fn.SumPartialsByKey;
import dev.tally.fn.UpdateTotals;
import dev.tally.fn.UpdateTouchedTotal;
import dev.tally.input.DirectoryInput;
import dev.tally.input.ParseEachFile;
import dev.tally.input.SocketLineReceiver;
import dev.tally.input.WholeFileTextInputFormat;
import dev.tally.input.SocketInput;
import dev.tally.input.loadtest.GeneratedDStream;
import dev.tally.input.loadtest.GeneratedEvents;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.input.loadtest.GeneratedLines;
import dev.tally.input.loadtest.GeneratedSlice;
import dev.tally.input.loadtest.SliceLines;
import dev.tally.input.kafka.KafkaInput;
import dev.tally.input.kafka.ParseKafkaRecords;
import dev.tally.input.kafka.CheckpointOrigin;
import dev.tally.input.kafka.StoreOffsets;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.PackedTotal;
import dev.tally.model.TotalState;
import dev.tally.ops.EndOfBatch;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.RejectsOutput;
import dev.tally.sink.TotalsOutput;
import dev.tally.sink.WindowOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Tally class a checkpoint depends on, declared once, beside the graph builder that uses
 * them: the checkpoint fingerprint records each one's {@code serialVersionUID} and bytecode hash.
 * {@code CheckpointedClassesTest} serializes a really built graph and fails when a Tally class in
 * it is missing here, or when a class here no longer is in it. Add a class here when the graph
 * starts to use it.
 */
public final class CheckpointedClasses {
  /** The graph's functions, in the order {@link TallyGraph} adds them. */
  public static final List<Class<?>> FUNCTIONS = List.of(
      ParseKafkaRecords.class, SocketLineReceiver.class, ParseUtf8Lines.class, WholeFileTextInputFormat.class,
      ParseEachFile.class, GeneratedDStream.class, ParsePartitionsByIndex.class, ParseAndCombine.class, RejectsOutput.class, SelectMetrics.class, SumPartialsByKey.class, AddMetrics.class,
      SubtractMetrics.class, NonZeroMetric.class, WindowOutput.class, StampBatchTime.class,
      AddSeedToFirstBatch.class, UpdateTotals.class, UpdateTouchedTotal.class, TotalsOutput.class,
      StoreOffsets.class, EndOfBatch.class);

  /** Values the functions capture. */
  public static final List<Class<?>> CAPTURED = List.of(
      ParserSpec.class, InputFormat.class, WindowSpec.class, MetricSchema.class, CheckpointOrigin.class,
      GeneratedEvents.class);

  /**
   * Values in the checkpointed RDDs (per-batch aggregates, window slices, running totals, the saved
   * seed), not in the graph itself: a change in them makes the state unreadable.
   */
  public static final List<Class<?>> STATE = List.of(Metric.class, TotalState.class);

  /**
   * Never serialized into the checkpoint, but their code decides the graph's shape (a build that wires
   * the graph differently would recover the old graph unchanged), what a generated batch holds (a
   * re-run batch must hold the lines its first run held), what a batch's per-key sums are, or how the
   * {@code mapWithState} totals are laid out in its checkpointed state ({@link PackedTotal}).
   */
  public static final List<Class<?>> BUILDERS = List.of(
      TallyGraph.class, SocketInput.class, DirectoryInput.class, KafkaInput.class, GeneratedInput.class,
      GeneratedSlice.class, SliceLines.class, GeneratedLines.class, MergePartials.class, AddTotals.class,
      PackedTotal.class);

  /** All of the above, in that order: what the fingerprint lists. */
  public static final List<Class<?>> ALL = concat(FUNCTIONS, CAPTURED, STATE, BUILDERS);

  private CheckpointedClasses() {}

  @SafeVarargs
  private static List<Class<?>> concat(List<Class<?>>... lists) {
    List<Class<?>> all = new ArrayList<>();
    for (List<Class<?>> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }
}
