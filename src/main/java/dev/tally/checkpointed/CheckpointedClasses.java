package dev.tally.checkpointed;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.BatchEventTime;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.eventtime.EventWindowStore;
import dev.tally.eventtime.EventWindows;
import dev.tally.eventtime.Watermark;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.PackedTotal;
import dev.tally.model.TotalState;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every class of this package and the values they hold, declared once, beside them: the checkpoint
 * fingerprint records each one's {@code serialVersionUID} and bytecode hash, followed by the classes
 * that build the graph from them ({@link #withBuilders}: {@code TallyGraph.BUILDERS}, which live
 * above this package and are added by the graph's factory, so that nothing here imports the graph).
 * {@code CheckpointedClassesTest} serializes a really built graph and fails when a Tally class in it
 * is missing here, or when a class here no longer is in it. Add a class here when the graph starts
 * to use it.
 */
public final class CheckpointedClasses {
  /** The graph's functions, in the order {@code TallyGraph} adds them. */
  public static final List<Class<?>> FUNCTIONS = List.of(
      ParseKafkaRecords.class, SocketLineReceiver.class, ParseUtf8Lines.class, WholeFileTextInputFormat.class,
      ParseEachFile.class, GeneratedDStream.class, ParsePartitionsByIndex.class, ParseAndCombine.class,
      RejectsOutput.class, SelectMetrics.class, SumPartialsByKey.class, AddMetrics.class,
      SubtractMetrics.class, NonZeroMetric.class, WindowOutput.class, StampBatchTime.class,
      AddSeedToFirstBatch.class, UpdateTotals.class, UpdateTouchedTotal.class, TotalsOutput.class,
      StoreOffsets.class, EndOfBatch.class, NamedOutput.class, RunNamedOutput.class, BatchMaxEventTime.class,
      AdvanceWatermark.class, DecideLateness.class, SelectWindowMetrics.class, EventWindowState.class,
      EventWindowRows.class, EventWindowOutput.class);

  /** Values the functions capture. */
  public static final List<Class<?>> CAPTURED = List.of(
      ParserSpec.class, InputFormat.class, WindowSpec.class, MetricSchema.class, CheckpointOrigin.class,
      GeneratedEvents.class, EventWindows.class);

  /**
   * Values in the checkpointed RDDs (per-batch aggregates, window slices, running totals, the saved
   * seed), not in the graph itself: a change in them makes the state unreadable.
   */
  public static final List<Class<?>> STATE = List.of(Metric.class, TotalState.class, Watermark.class,
      EventWindowStore.class, EventWindowKey.class, EventWindowRow.class, BatchEventTime.class);

  /**
   * Never serialized into the checkpoint, but called by the functions above: what a generated batch
   * holds (a re-run batch must hold the lines its first run held), what a batch's per-key sums are,
   * or how the {@code mapWithState} totals are laid out in its checkpointed state ({@link PackedTotal}).
   */
  public static final List<Class<?>> CALLED = List.of(
      GeneratedSlice.class, SliceLines.class, GeneratedLines.class, MergePartials.class, AddTotals.class,
      PackedTotal.class, BatchMaxEventTime.MaxOfPartition.class, DecideLateness.CombineTimedEvents.class,
      EventTimeCombiner.class, UpdateEventWindows.class, EventWindowStore.Update.class);

  /** All of the above, in that order. */
  public static final List<Class<?>> ALL = concat(FUNCTIONS, CAPTURED, STATE, CALLED);

  private CheckpointedClasses() {}

  /**
   * What the fingerprint lists: {@link #ALL}, then {@code builders}, the classes whose code decides
   * the graph's shape (a build that wires the graph differently would recover the old graph unchanged).
   */
  public static List<Class<?>> withBuilders(List<Class<?>> builders) {
    return concat(ALL, builders);
  }

  @SafeVarargs
  private static List<Class<?>> concat(List<Class<?>>... lists) {
    List<Class<?>> all = new ArrayList<>();
    for (List<Class<?>> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }
}
