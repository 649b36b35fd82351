package dev.tally.input.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.ConfigException;
import dev.tally.process.TallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka options: what is required together, what Tally keeps for itself, what is never shown. */
class KafkaOptionsTest {
  @TempDir Path tmp;

  private static TallyConfig parse(String... extra) throws ConfigException {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", "/cp"));
    args.addAll(Arrays.asList(extra));
    return TallyConfig.parse(args.toArray(new String[0]), null, Map.of());
  }

  private static String refused(String... extra) {
    return assertThrows(ConfigException.class, () -> parse(extra)).option();
  }

  @Test
  void topicsWithDefaults() throws Exception {
    TallyConfig c = parse("--kafka-bootstrap", "127.0.0.1:9092, 127.0.0.1:9093", "--kafka-topics", "a,b");
    KafkaSettings k = c.kafka().orElseThrow();
    assertEquals("127.0.0.1:9092,127.0.0.1:9093", k.bootstrap());
    assertEquals(List.of("a", "b"), k.topics());
    assertEquals("tally", k.group());
    assertEquals("tally-driver", k.instanceId());
    assertEquals("earliest", k.startFrom());
    assertEquals(10_000, c.kafkaMaxRate());
    assertTrue(c.backpressure());
    Map<String, Object> params = k.consumerParams();
    assertEquals("false", params.get("enable.auto.commit"));
    assertEquals("tally-driver", params.get("group.instance.id"));
    assertEquals("kafka:a,b", k.inputName());
    assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer", params.get("value.deserializer"),
        "values are decoded by Tally, strictly");
    assertTrue(k.isRejectInput("kafka:a/0") && k.isRejectInput("kafka:b/12"));
    assertFalse(k.isRejectInput("kafka:c/0") || k.isRejectInput("kafka:a") || k.isRejectInput("file:/in/a/0"));
  }

  @Test
  void propertiesPassThroughAndSecretsAreNeverShown() throws Exception {
    Path file = Files.writeString(tmp.resolve("tally.properties"),
        "checkpoint-dir=/cp\nkafka-bootstrap=b:9092\nkafka-topic-pattern=events-.*\n"
            + "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";\n");
    TallyConfig c = TallyConfig.parse(new String[] {"--config", file.toString(), "--kafka-property",
        "security.protocol=SASL_SSL", "--kafka-property", "ssl.truststore.password=hunter2"}, null, Map.of());
    KafkaSettings k = c.kafka().orElseThrow();
    assertEquals("events-.*", k.topicPattern());
    assertEquals("SASL_SSL", k.consumerParams().get("security.protocol"));
    assertTrue(((String) k.consumerParams().get("sasl.jaas.config")).contains("s3cret"));
    assertFalse(k.toString().contains("s3cret"), k.toString());
    assertFalse(k.toString().contains("hunter2"), k.toString());
    assertTrue(k.toString().contains("security.protocol=SASL_SSL"), k.toString());
  }

  @Test
  void badKafkaSettingsAreRefused() {
    assertEquals("kafka-bootstrap", refused("--kafka-topics", "a"));
    assertEquals("kafka-bootstrap", refused("--input-dir", "/in", "--kafka-group", "g"));
    assertEquals("kafka-instance-id", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a",
        "--kafka-instance-id", " "));
    assertEquals("kafka-topics", refused("--kafka-bootstrap", "b:9092"));
    assertEquals("kafka-topics", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--kafka-topic-pattern", "x"));
    assertEquals("kafka-bootstrap", refused("--kafka-bootstrap", "nohost", "--kafka-topics", "a"));
    assertEquals("kafka-topic-pattern", refused("--kafka-bootstrap", "b:9092", "--kafka-topic-pattern", "(unclosed"));
    assertEquals("kafka-start", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--kafka-start", "middle"));
    assertEquals("kafka-property", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--kafka-property",
        "enable.auto.commit=true"));
    assertEquals("kafka-property", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--kafka-property",
        "no-equals-sign"));
    assertEquals("backpressure", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--backpressure", "yes"));
    assertEquals("kafka-max-rate", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--kafka-max-rate", "-1"));
    assertEquals("conf", refused("--kafka-bootstrap", "b:9092", "--kafka-topics", "a", "--conf",
        "spark.streaming.concurrentJobs=2"));
  }
}
