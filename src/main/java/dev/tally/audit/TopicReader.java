package dev.tally.audit;

import dev.tally.input.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every record of the topics from the beginning to the end offsets found when it starts,
 * with a consumer that is assigned the partitions (no group, nothing committed: the job's group is
 * left alone). Values are decoded as the job decodes them.
 */
final class TopicReader {
  /** Receives each record (its timestamp, -1 for none); each partition's records come in offset order. */
  @FunctionalInterface
  interface Records {
    void record(String topic, int partition, long offset, long timestampMs, String value);
  }

  /** A partition's first offset still in the log and the end offset read up to. */
  record Extent(String topic, int partition, long begin, long end) {}

  private final KafkaSettings kafka;
  private final Duration stallTimeout;

  TopicReader(KafkaSettings kafka, Duration stallTimeout) {
    this.kafka = kafka;
    this.stallTimeout = stallTimeout;
  }

  /**
   * Reads the job's topics and {@code alsoTopics} (those the ledger names) whole.
   *
   * @return each partition's extent, by topic and partition
   * @throws IllegalStateException when a topic does not exist or reading stalls
   */
  List<Extent> read(Set<String> alsoTopics, Records records) {
    try (KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(properties())) {
      Set<String> topics = new TreeSet<>(alsoTopics);
      if (kafka.topicPattern() != null) {
        // Kafka's internal topics (__consumer_offsets, ...) are never matched by a pattern subscription.
        consumer.listTopics().keySet().stream().filter(t -> !t.startsWith("__") && kafka.reads(t)).forEach(topics::add);
      } else {
        topics.addAll(kafka.topics());
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      consumer.seekToBeginning(partitions);
      Set<TopicPartition> remaining = new HashSet<>();
      for (TopicPartition tp : partitions) {
        if (end.get(tp) > begin.get(tp)) {
          remaining.add(tp);
        }
      }
      consumer.pause(partitions.stream().filter(tp -> !remaining.contains(tp)).toList());
      long lastProgress = System.nanoTime();
      while (!remaining.isEmpty()) {
        ConsumerRecords<byte[], String> polled = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition tp : polled.partitions()) {
          long stop = end.get(tp);
          for (ConsumerRecord<byte[], String> r : polled.records(tp)) {
            if (r.offset() >= stop) {
              break; // produced after the audit started
            }
            records.record(tp.topic(), tp.partition(), r.offset(), r.timestamp(), r.value());
          }
        }
        if (!polled.isEmpty()) {
          lastProgress = System.nanoTime();
        }
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : remaining) {
          if (consumer.position(tp) >= end.get(tp)) {
            done.add(tp);
          }
        }
        done.forEach(remaining::remove);
        consumer.pause(done);
        if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
          throw new IllegalStateException("no records for " + stallTimeout.toSeconds() + " s while " + remaining.size()
              + " partition(s) were not read to their end, e.g. " + remaining.iterator().next());
        }
      }
      List<Extent> extents = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        extents.add(new Extent(tp.topic(), tp.partition(), begin.get(tp), end.get(tp)));
      }
      return extents;
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.putAll(kafka.properties()); // security and the like, as the job has them
    props.put("bootstrap.servers", kafka.bootstrap());
    props.put("key.deserializer", ByteArrayDeserializer.class.getName()); // keys are not read
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    props.put("client.id", "tally-audit");
    props.putIfAbsent("max.poll.records", "10000");
    props.putIfAbsent("max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
    return props;
  }
}
