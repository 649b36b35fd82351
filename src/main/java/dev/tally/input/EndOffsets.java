package dev.tally.input;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the partitions an input reads end now, asked on the driver for figures only (records behind);
 * never part of the graph or the checkpoint.
 */
public interface EndOffsets extends AutoCloseable {
  /** The offset after the last record of each partition; throws when the cluster does not answer in time. */
  Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) throws Exception;

  @Override
  void close();
}
