package dev.tally.checkpointed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ParseKafkaRecordsTest {
  private static final ParserSpec CSV =
      new ParserSpec(InputFormat.CSV, "key", List.of("cost"), List.of(), ',', 2, 1_000, 50);

  @Test
  void rejectsNameTopicAndPartitionWithTheOffsetAsPosition() throws Exception {
    List<ConsumerRecord<String, byte[]>> records = List.of(
        record("events", 2, 41, "a,1.50"),
        record("events", 2, 44, "no comma"), // offsets need not be contiguous (compaction, transactions)
        new ConsumerRecord<>("events", 2, 45, null, null), // a tombstone: a blank line
        new ConsumerRecord<>("events", 2, 46, null, new byte[] {'a', ',', '1', (byte) 0xE2, (byte) 0x82}));
    List<PartitionOutput> out = new ArrayList<>();
    new ParseKafkaRecords(CSV, 100).call(records.iterator()).forEachRemaining(out::add);
    assertEquals(List.of(
        new Reject("kafka:events/2", 44, "expected 2 columns, found 1", "no comma"),
        new Reject("kafka:events/2", 46, "invalid UTF-8", "a,1\uFFFD"),
        new KeyedMetric("a", Metric.of(1, 150)),
        new PartitionCounts(4, 2)), out);
  }

  private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String value) {
    return new ConsumerRecord<>(topic, partition, offset, null, value.getBytes(UTF_8));
  }
}
