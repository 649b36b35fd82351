package dev.tally.input.kafka;

import dev.tally.config.ConfigException;
import dev.tally.config.HostPort;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka input: brokers, topics (or a pattern), the consumer group and any extra client
 * properties, read from the options by {@link #of}. Kept in the checkpoint with the graph; secret-looking
 * values never show in {@link #toString()}.
 */
public record KafkaSettings(String bootstrap, List<String> topics, String topicPattern, String group,
    String instanceId, String startFrom, Map<String, String> properties) implements Serializable {
  private static final long serialVersionUID = 1L;

  public KafkaSettings {
    topics = List.copyOf(topics);
    properties = Map.copyOf(properties);
  }

  /** Properties Tally sets itself: passing them would break offsets-with-results or the group. */
  private static final Set<String> OWN_KAFKA_PROPERTIES = Set.of("bootstrap.servers", "group.id", "group.instance.id",
      "enable.auto.commit", "key.deserializer", "value.deserializer", "auto.offset.reset");

  /** The Kafka input the options ask for, checked; null when no {@code --kafka-bootstrap} is given. */
  public static KafkaSettings of(OptionValues v) throws ConfigException {
    String bootstrap = v.get(Option.KAFKA_BOOTSTRAP);
    List<String> topics = v.list(Option.KAFKA_TOPICS);
    String pattern = v.get(Option.KAFKA_TOPIC_PATTERN);
    if (bootstrap == null) {
      for (Option kafkaOnly : new Option[] {Option.KAFKA_TOPICS, Option.KAFKA_TOPIC_PATTERN, Option.KAFKA_GROUP,
          Option.KAFKA_INSTANCE_ID, Option.KAFKA_START, Option.KAFKA_PROPERTY}) {
        if (v.given(kafkaOnly)) {
          throw new ConfigException(Option.KAFKA_BOOTSTRAP.id(), "required with --" + kafkaOnly.id());
        }
      }
      return null;
    }
    for (String server : bootstrap.split(",")) {
      try {
        HostPort.parse(server.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.KAFKA_BOOTSTRAP.id(), e.getMessage());
      }
    }
    if (topics.isEmpty() == (pattern == null)) {
      throw new ConfigException(Option.KAFKA_TOPICS.id(), "give either --kafka-topics or --kafka-topic-pattern");
    }
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(Option.KAFKA_TOPIC_PATTERN.id(), "not a regular expression: " + e.getDescription());
      }
    }
    String start = v.get(Option.KAFKA_START);
    if (!start.equals("earliest") && !start.equals("latest")) {
      throw new ConfigException(Option.KAFKA_START.id(), "'" + start + "' is not earliest or latest");
    }
    Map<String, String> properties = new TreeMap<>();
    for (String property : v.all(Option.KAFKA_PROPERTY)) {
      String key = property.substring(0, property.indexOf('=')).trim();
      if (OWN_KAFKA_PROPERTIES.contains(key)) {
        throw new ConfigException(Option.KAFKA_PROPERTY.id(), key + " is set by Tally itself");
      }
      properties.put(key, property.substring(property.indexOf('=') + 1).trim());
    }
    String group = v.get(Option.KAFKA_GROUP).trim();
    if (group.isEmpty()) {
      throw new ConfigException(Option.KAFKA_GROUP.id(), "must not be empty");
    }
    String instance = v.given(Option.KAFKA_INSTANCE_ID) ? v.get(Option.KAFKA_INSTANCE_ID).trim() : group + "-driver";
    if (instance.isEmpty()) {
      throw new ConfigException(Option.KAFKA_INSTANCE_ID.id(), "must not be empty");
    }
    return new KafkaSettings(bootstrap.replace(" ", ""), topics, pattern, group, instance, start, properties);
  }

  /** True for a topic this input reads. */
  public boolean reads(String topic) {
    return topicPattern != null ? Pattern.matches(topicPattern, topic) : topics.contains(topic);
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
   * The consumer's settings an admin client knows (servers, security, timeouts), for the driver's
   * end-offset queries; the consumer-only ones would each be logged as unknown.
   */
  public Map<String, Object> adminParams() {
    Map<String, Object> params = new TreeMap<>(consumerParams());
    params.keySet().retainAll(AdminClientConfig.configNames());
    params.put("client.id", instanceId + "-end-offsets");
    return params;
  }

  /**
   * The settings as the options that give them (for the checkpoint fingerprint); secret property
   * values show as {@code (set)}, so a fingerprint never holds a secret.
   */
  public Map<String, String> byOption() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(Option.KAFKA_BOOTSTRAP.id(), bootstrap);
    if (topicPattern != null) {
      values.put(Option.KAFKA_TOPIC_PATTERN.id(), topicPattern);
    } else {
      values.put(Option.KAFKA_TOPICS.id(), String.join(",", new TreeSet<>(topics))); // a set: order is no change
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
