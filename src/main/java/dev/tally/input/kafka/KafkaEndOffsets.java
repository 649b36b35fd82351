package dev.tally.input.kafka;

import dev.tally.input.EndOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of Kafka partitions from a driver-side admin client (the direct stream's own
 * consumer is private to Spark's connector). The client is created on first use, with the connection
 * settings of the job's consumer, and closed by {@link #close()}.
 */
final class KafkaEndOffsets implements EndOffsets {
  private final Map<String, Object> adminParams;
  private final Duration timeout;
  private Admin admin;
  private boolean closed;

  KafkaEndOffsets(Map<String, Object> adminParams, Duration timeout) {
    this.adminParams = Map.copyOf(adminParams);
    this.timeout = timeout;
  }

  @Override
  public synchronized Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) throws Exception {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (admin == null) {
      admin = Admin.create(adminParams);
    }
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    partitions.forEach(partition -> wanted.put(partition, OffsetSpec.latest()));
    int timeoutMs = (int) timeout.toMillis();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answers = admin
        .listOffsets(wanted, new ListOffsetsOptions().timeoutMs(timeoutMs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> ends = new HashMap<>();
    answers.forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /**
   * The end offsets of every partition of the topics on the cluster that {@code reads} accepts (topics
   * named or matched by a pattern); a named topic that does not exist has no partitions to read.
   */
  synchronized Map<TopicPartition, Long> latestOfTopics(Predicate<String> reads) throws Exception {
    if (admin == null) {
      admin = Admin.create(adminParams);
    }
    int timeoutMs = (int) timeout.toMillis();
    Set<String> topics = new HashSet<>();
    for (String name : admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS)) {
      if (reads.test(name)) {
        topics.add(name);
      }
    }
    Set<TopicPartition> partitions = new HashSet<>();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
        .values()) {
      topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
    }
    return partitions.isEmpty() ? Map.of() : latest(partitions);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      admin.close(timeout);
      admin = null;
    }
  }
}
