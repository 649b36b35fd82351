package dev.tally.audit;

import dev.tally.model.SourceOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sink's per-batch offset ledger of one consumer group, indexed for replaying a topic: its
 * batches in time order (each with its checkpoint's origin), each partition's ranges, and what is
 * wrong with its shape: in each partition, every batch must start where the one before it ended (a
 * gap is records no batch read, an overlap records read twice); within an origin the batches must
 * follow each other every batch interval; origins must not overlap in time; the last range must
 * end at the stored resume offset.
 */
final class Ledger {
  /** One batch: the origin of the checkpoint that ran it and its time, epoch ms. */
  record Batch(long originMs, long timeMs) {}

  /** Identifies a Kafka partition. */
  record Partition(String topic, int partition) {
    @Override
    public String toString() {
      return topic + "-" + partition;
    }
  }

  private final List<Batch> batches;
  private final Map<Partition, PartitionLedger> partitions;
  private final List<String> anomalies;
  private final Set<String> topics;

  private Ledger(List<Batch> batches, Map<Partition, PartitionLedger> partitions, List<String> anomalies,
      Set<String> topics) {
    this.batches = batches;
    this.partitions = partitions;
    this.anomalies = anomalies;
    this.topics = topics;
  }

  /**
   * @param rows the ledger rows of the group (a row given twice counts once, as the table keeps it)
   * @param stored the resume offsets stored for the group
   */
  static Ledger of(List<SourceOffset> rows, List<SourceOffset> stored, long batchMs) {
    List<SourceOffset> unique = new ArrayList<>(new LinkedHashSet<>(rows));
    unique.sort(Comparator.comparingLong(SourceOffset::batchTimeMs).thenComparingLong(SourceOffset::originMs));
    List<Batch> batches = new ArrayList<>();
    Map<Batch, Integer> index = new HashMap<>();
    Map<Partition, List<SourceOffset>> byPartition = new TreeMap<>(
        Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition));
    Set<String> topics = new LinkedHashSet<>();
    for (SourceOffset row : unique) {
      Batch batch = new Batch(row.originMs(), row.batchTimeMs());
      if (!index.containsKey(batch)) {
        index.put(batch, batches.size());
        batches.add(batch);
      }
      byPartition.computeIfAbsent(new Partition(row.topic(), row.partition()), p -> new ArrayList<>()).add(row);
      topics.add(row.topic());
    }
    Map<Partition, Long> storedUntil = new HashMap<>();
    for (SourceOffset s : stored) {
      storedUntil.put(new Partition(s.topic(), s.partition()), s.untilOffset());
      byPartition.putIfAbsent(new Partition(s.topic(), s.partition()), new ArrayList<>());
      topics.add(s.topic());
    }

    List<String> anomalies = new ArrayList<>();
    checkBatchTimes(batches, batchMs, anomalies);
    Map<Partition, PartitionLedger> partitions = new HashMap<>();
    byPartition.forEach((partition, ranges) -> {
      long until = storedUntil.getOrDefault(partition, 0L);
      checkChain(partition, ranges, until, storedUntil.containsKey(partition), anomalies);
      List<SourceOffset> byStart = new ArrayList<>(ranges); // already in batch-time order: ties keep it
      byStart.sort(Comparator.comparingLong(SourceOffset::fromOffset));
      long[] from = new long[byStart.size()];
      long[] to = new long[byStart.size()];
      int[] batch = new int[byStart.size()];
      for (int i = 0; i < byStart.size(); i++) {
        SourceOffset r = byStart.get(i);
        from[i] = r.fromOffset();
        to[i] = r.untilOffset();
        batch[i] = index.get(new Batch(r.originMs(), r.batchTimeMs()));
      }
      partitions.put(partition, new PartitionLedger(from, to, batch, until));
    });
    return new Ledger(List.copyOf(batches), partitions, anomalies, topics);
  }

  /** Within an origin, batches every batch interval on its grid; origins one after another. */
  private static void checkBatchTimes(List<Batch> batches, long batchMs, List<String> anomalies) {
    Map<Long, List<Long>> timesByOrigin = new TreeMap<>();
    for (Batch b : batches) {
      timesByOrigin.computeIfAbsent(b.originMs(), o -> new ArrayList<>()).add(b.timeMs());
    }
    long previousLast = Long.MIN_VALUE;
    for (Map.Entry<Long, List<Long>> origin : timesByOrigin.entrySet()) {
      long o = origin.getKey();
      List<Long> times = origin.getValue();
      if (o < previousLast) {
        anomalies.add("origin " + time(o) + " starts before the last batch of the origin before it, "
            + time(previousLast) + ": two runs of the job overlapped");
      }
      for (int i = 0; i < times.size(); i++) {
        long t = times.get(i);
        if (t <= o || (t - o) % batchMs != 0) {
          anomalies.add("batch " + time(t) + " is not a batch time of origin " + time(o) + " with a batch interval of "
              + batchMs + " ms (is --batch the job's?)");
        } else if (i > 0 && t - times.get(i - 1) > batchMs) {
          anomalies.add("origin " + time(o) + ": no ledger rows for the batches between " + time(times.get(i - 1))
              + " and " + time(t));
        }
      }
      previousLast = times.get(times.size() - 1);
    }
  }

  /** In batch-time order, each range starts where the one before it ended; the last ends at the stored offset. */
  private static void checkChain(Partition partition, List<SourceOffset> ranges, long storedUntil, boolean hasStored,
      List<String> anomalies) {
    SourceOffset previous = null;
    for (SourceOffset r : ranges) {
      if (r.untilOffset() < r.fromOffset()) {
        anomalies.add(partition + ": batch " + time(r.batchTimeMs()) + " has the range " + r.fromOffset() + ".."
            + r.untilOffset() + ", which ends before it starts");
      }
      if (previous != null && r.fromOffset() != previous.untilOffset()) {
        boolean gap = r.fromOffset() > previous.untilOffset();
        String between = "between batch " + time(previous.batchTimeMs()) + " (origin " + time(previous.originMs())
            + ") and batch " + time(r.batchTimeMs()) + " (origin " + time(r.originMs()) + ")";
        anomalies.add(gap
            ? partition + ": gap, offsets " + previous.untilOffset() + ".." + (r.fromOffset() - 1) + " in no batch, " + between
            : partition + ": overlap, offsets " + r.fromOffset() + ".." + (Math.min(previous.untilOffset(), r.untilOffset()) - 1)
                + " read again, "
                + between);
      }
      previous = r;
    }
    if (previous == null) {
      return;
    }
    if (!hasStored) {
      anomalies.add(partition + ": ledger rows but no stored offset");
    } else if (previous.untilOffset() != storedUntil) {
      anomalies.add(partition + ": the last batch ends at offset " + previous.untilOffset() + " but the stored offset is "
          + storedUntil);
    }
  }

  static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  /** The batches, by time then origin; ranges refer to them by index. */
  List<Batch> batches() {
    return batches;
  }

  /** The partition's ranges, or null when the ledger and the stored offsets know nothing of it. */
  PartitionLedger partition(String topic, int partition) {
    return partitions.get(new Partition(topic, partition));
  }

  /** What is wrong with the ledger's shape, one line each. */
  List<String> anomalies() {
    return anomalies;
  }

  /** The topics the ledger or the stored offsets name. */
  Set<String> topics() {
    return topics;
  }
}
