package dev.tally.input.kafka;

import dev.tally.config.Option;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka input: brokers, topics (or a pattern), the consumer group and any extra client
 * properties. Kept in the checkpoint with the graph; secret-looking values never show in {@link #toString()}.
 */
public record KafkaSettings(String bootstrap, List<String> topics, String topicPattern, String group,
    String instanceId, String startFrom, Map<String, String> properties) implements Serializable {
  private static final long serialVersionUID = 1L;

  public KafkaSettings {
    topics = List.copyOf(topics);
    properties = Map.copyOf(properties);
  }

  /** True for a topic this input reads. */
  public boolean reads(String topic) {
    return topicPattern != null ? java.util.regex.Pattern.matches(topicPattern, topic) : topics.contains(topic);
  }

  /** True for the input of a reject read by this input: {@code kafka:TOPIC/PARTITION} of a topic it reads. */
  public boolean isRejectInput(String input) {
    int slash = input.lastIndexOf('/');
    return input.startsWith("kafka:") && slash > "kafka:".length() && reads(input.substring("kafka:".length(), slash));
  }

  /** How logs name this input. */
  public String inputName() {
    return "kafka:" + (topicPattern != null ? "/" + topicPattern + "/" : String.join(",", topics));
  }

  /** The consumer configuration: Tally's own settings over the passed-through properties. */
  public Map<String, Object> consumerParams() {
    Map<String, Object> params = new TreeMap<>(properties);
    params.put("bootstrap.servers", bootstrap);
    params.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    // Bytes, decoded by Tally: Kafka's StringDeserializer would replace bytes that are not UTF-8.
    params.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    params.put("group.id", group);
    params.put("group.instance.id", instanceId); // a restarted driver takes over at once
    params.put("enable.auto.commit", "false"); // offsets are stored with the results
    params.put("auto.offset.reset", startFrom);
    return params;
  }

  /**
   * The settings as the options that give them (for the checkpoint fingerprint); secret property
   * values show as {@code (set)}, so a fingerprint never holds a secret.
   */
  public Map<String, String> byOption() {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put(Option.KAFKA_BOOTSTRAP.id(), bootstrap);
    if (topicPattern != null) {
      values.put(Option.KAFKA_TOPIC_PATTERN.id(), topicPattern);
    } else {
      values.put(Option.KAFKA_TOPICS.id(), String.join(",", new java.util.TreeSet<>(topics))); // a set: order is no change
    }
    values.put(Option.KAFKA_GROUP.id(), group);
    values.put(Option.KAFKA_INSTANCE_ID.id(), instanceId);
    values.put(Option.KAFKA_START.id(), startFrom);
    new TreeMap<>(properties).forEach((k, v) -> values.put(Option.KAFKA_PROPERTY.id() + "." + k, isSecret(k) ? "(set)" : v));
    return values;
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
        || k.endsWith(".key") || k.contains("credential");
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "(set)" : v));
    return inputName() + " bootstrap=" + bootstrap + " group=" + group + " instance=" + instanceId
        + " start=" + startFrom + (shown.isEmpty() ? "" : " properties=" + shown);
  }
}
