package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs on executors, once per offset range of a batch: a record's value is one line (a null value, a
 * tombstone, is a blank line). A reject names {@code kafka:TOPIC/PARTITION} and has the record's offset
 * as its position. Values are decoded here, strictly, so that one that is not UTF-8 is rejected.
 */
public final class ParseKafkaRecords implements FlatMapFunction<Iterator<ConsumerRecord<String, byte[]>>, PartitionOutput> {
  private static final long serialVersionUID = 1L;
  private static final byte[] NO_BYTES = {};

  private final ParserSpec spec;
  private final int maxRejectRaw;

  public ParseKafkaRecords(ParserSpec spec, int maxRejectRaw) {
    this.spec = spec;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public Iterator<PartitionOutput> call(Iterator<ConsumerRecord<String, byte[]>> records) {
    PartitionCombiner combiner = PartitionCombiner.of(spec, maxRejectRaw);
    String where = null;
    String topic = null;
    int partition = -1;
    while (records.hasNext()) {
      ConsumerRecord<String, byte[]> record = records.next();
      if (!record.topic().equals(topic) || record.partition() != partition) { // one range per partition
        topic = record.topic();
        partition = record.partition();
        where = "kafka:" + topic + "/" + partition;
      }
      byte[] value = record.value() == null ? NO_BYTES : record.value();
      combiner.acceptRecord(where, record.offset(), value, 0, value.length, record.timestamp());
    }
    return combiner.result().iterator();
  }
}
