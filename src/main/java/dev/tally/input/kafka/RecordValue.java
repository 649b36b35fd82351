package dev.tally.input.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.function.Function;

/** Runs on executors: a record's value is one line of input (a null value, a tombstone, is a blank line). */
public final class RecordValue implements Function<ConsumerRecord<String, String>, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String call(ConsumerRecord<String, String> record) {
    String value = record.value();
    return value == null ? "" : value;
  }
}
