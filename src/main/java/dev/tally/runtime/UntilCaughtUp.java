package dev.tally.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.Dependency;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;
import scala.collection.JavaConverters;

/**
 * A run until caught up ({@code --until-caught-up}), on the driver: the end offsets of the Kafka
 * partitions at start (the targets), and the batch that reached them. The first batch created by this
 * run (not one re-run from the checkpoint) whose offset ranges reach every target closes every
 * event-time window, and so does every later batch of this run; once such a batch has written all its
 * results, every result up to the targets is written and the run stops. A directory has no targets:
 * the batches of a recovered checkpoint that come before the run's own (the ones it missed while
 * down) read the files that arrived meanwhile, so the run's first own batch is at the end.
 *
 * <p>Only batches this run creates decide: a re-run batch of an earlier run must decide as it did then
 * ({@link ClosingBatches} remembers the ones that closed every window).
 */
public final class UntilCaughtUp {
  private final Map<TopicPartition, Long> targets;
  private final long firstNewBatchMs;
  private final boolean closesWindows;
  private volatile long firstClosingBatchMs = -1;
  private volatile long caughtUpBatchMs = -1;
  private final Set<Long> reachedBatches = new HashSet<>();

  /**
   * @param targets the end offset of each partition at start
   * @param startedAtMs the clock when the context starts: batches at or after it are this run's own
   * @param closesWindows whether the graph has event-time windows, which the run must close before it ends
   */
  public UntilCaughtUp(Map<TopicPartition, Long> targets, long startedAtMs, boolean closesWindows) {
    this.targets = Map.copyOf(targets);
    this.firstNewBatchMs = startedAtMs;
    this.closesWindows = closesWindows;
  }

  public Map<TopicPartition, Long> targets() {
    return targets;
  }

  /** Whether batch {@code batchTimeMs} is this run's own (created by it, not re-run from the checkpoint). */
  public boolean decides(long batchTimeMs) {
    return batchTimeMs >= firstNewBatchMs;
  }

  /** Whether ranges ending at {@code untilOffsets} have read every partition up to its target. */
  public boolean reaches(Map<TopicPartition, Long> untilOffsets) {
    for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
      long until = untilOffsets.getOrDefault(target.getKey(), 0L);
      if (until < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The end of each Kafka offset range that batch RDD {@code batch} reads, found in its lineage on the
   * driver (the direct stream's RDDs carry their ranges).
   */
  public static Map<TopicPartition, Long> untilOffsetsIn(RDD<?> batch) {
    List<OffsetRange> ranges = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Deque<RDD<?>> toVisit = new ArrayDeque<>(List.of(batch));
    while (!toVisit.isEmpty()) {
      RDD<?> rdd = toVisit.pop();
      if (!seen.add(rdd.id())) {
        continue;
      }
      if (rdd instanceof HasOffsetRanges kafka) {
        ranges.addAll(Arrays.asList(kafka.offsetRanges()));
        continue;
      }
      for (Dependency<?> dependency : JavaConverters.seqAsJavaList(rdd.dependencies())) {
        toVisit.push(dependency.rdd());
      }
    }
    return untilOffsets(ranges);
  }

  /** The end of each range, by partition. */
  public static Map<TopicPartition, Long> untilOffsets(Iterable<OffsetRange> ranges) {
    Map<TopicPartition, Long> until = new HashMap<>();
    for (OffsetRange range : ranges) {
      until.merge(range.topicPartition(), range.untilOffset(), Math::max);
    }
    return until;
  }

  /**
   * While batch {@code batchTimeMs} is created, with the ends of its ranges: whether it closes every
   * event-time window (it reaches the targets, or an earlier batch of this run did).
   */
  public synchronized boolean closesEveryWindow(long batchTimeMs, Map<TopicPartition, Long> untilOffsets) {
    if (!decides(batchTimeMs)) {
      return false;
    }
    if (firstClosingBatchMs >= 0 && batchTimeMs >= firstClosingBatchMs) {
      return true;
    }
    if (!reaches(untilOffsets)) {
      return false;
    }
    firstClosingBatchMs = batchTimeMs;
    return true;
  }

  /** After batch {@code batchTimeMs} stored its Kafka offsets: notes whether they reach the targets. */
  public synchronized void offsetsStored(long batchTimeMs, Map<TopicPartition, Long> untilOffsets) {
    if (decides(batchTimeMs) && reaches(untilOffsets)) {
      reachedBatches.add(batchTimeMs);
    }
  }

  /**
   * After the last output of batch {@code batchTimeMs}, all its results written: the run is caught up
   * when this batch is its own, read the Kafka partitions up to their targets (stored offsets that reach
   * them; without targets, nothing to wait for: a directory's files that were there at start were read
   * by the batches before the run's own), and, with event-time windows, closed every window.
   */
  public synchronized void batchDone(long batchTimeMs) {
    if (caughtUpBatchMs >= 0 || !decides(batchTimeMs)) {
      return;
    }
    if (!targets.isEmpty() && !reachedBatches.contains(batchTimeMs)) {
      return;
    }
    if (closesWindows && (firstClosingBatchMs < 0 || firstClosingBatchMs > batchTimeMs)) {
      return;
    }
    caughtUpBatchMs = batchTimeMs;
  }

  /** Why to stop now, once caught up. */
  public Optional<String> stopReason() {
    long batch = caughtUpBatchMs;
    if (batch < 0) {
      return Optional.empty();
    }
    return Optional.of("caught up: batch " + BatchHealthListener.batchTime(batch) + " read every input up to where "
        + "it ended at start (" + targets.size() + " Kafka partitions)"
        + (closesWindows ? "; every event-time window is final" : ""));
  }

  /** The first batch of this run that closed every window, or -1. */
  public long firstClosingBatchMs() {
    return firstClosingBatchMs;
  }

  /** The first batch time this run created itself. */
  public long firstNewBatchMs() {
    return firstNewBatchMs;
  }
}
