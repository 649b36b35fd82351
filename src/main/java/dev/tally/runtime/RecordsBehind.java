package dev.tally.runtime;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** How many records a job is behind, per topic: what the partitions hold past the offsets it read. */
final class RecordsBehind {
  private RecordsBehind() {}

  /**
   * Per topic of {@code readUntil} (the offset after the last record read, per partition), the sum over
   * its partitions of their end offset minus that; never negative (an end offset asked before the read
   * one was stored may lag it). A partition without an end offset makes its topic's figure unknown: -1.
   */
  static Map<String, Long> perTopic(Map<TopicPartition, Long> readUntil, Map<TopicPartition, Long> ends) {
    Map<String, Long> behind = new TreeMap<>();
    readUntil.forEach((partition, read) -> {
      Long end = ends.get(partition);
      long records = end == null ? -1 : Math.max(0, end - read);
      behind.merge(partition.topic(), records, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    });
    return behind;
  }
}
