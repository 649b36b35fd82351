package dev.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tally.checkpoint.NioLocalFileSystem;
import dev.tally.process.TallyConfig;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Spark settings a start uses, built as a map before any Spark class loads. */
class SparkSettingsTest {
  private static Map<String, String> settings(Properties system, String... args) throws Exception {
    return Tally.sparkSettings(TallyConfig.parse(args), system);
  }

  private static Properties system(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void sparkSubmitsSystemPropertiesComeFirstAndTheConfigurationsConfWins() throws Exception {
    Map<String, String> s = settings(system("spark.master", "spark://10.0.0.1:7077", "spark.executor.memory", "1g",
        "spark.app.name", "from-submit", "java.version", "17", "spark.streaming.kafka.maxRatePerPartition", "7"),
        "--checkpoint-dir", "/cp", "--conf", "spark.executor.memory=2g", "--kafka-bootstrap", "b:9092",
        "--kafka-topics", "t", "--kafka-max-rate", "500");
    assertEquals("spark://10.0.0.1:7077", s.get("spark.master"), "a master given to spark-submit is kept");
    assertEquals("2g", s.get("spark.executor.memory"), "--conf overrides spark-submit's settings");
    assertEquals("tally", s.get("spark.app.name"), "the application name is Tally's --app-name");
    assertEquals("7", s.get("spark.streaming.kafka.maxRatePerPartition"), "Tally's defaults never override a setting");
    assertEquals("true", s.get("spark.streaming.backpressure.enabled"), "--backpressure, true by default");
    assertFalse(s.containsKey("java.version"), "only spark.* system properties");
    assertFalse(s.containsKey("spark.driver.host"), "a cluster run binds as Spark decides");
  }

  @Test
  void aLocalRunListensOnLoopbackAndStopsGracefullyItself() throws Exception {
    Map<String, String> s = settings(system(), "--checkpoint-dir", "/cp", "--socket", "127.0.0.1:9999",
        "--batch", "10s");
    assertEquals("local[2]", s.get("spark.master"));
    assertEquals("127.0.0.1", s.get("spark.driver.host"));
    assertEquals("127.0.0.1", s.get("spark.driver.bindAddress"));
    assertEquals("false", s.get("spark.streaming.stopGracefullyOnShutdown"));
    assertEquals("100000ms", s.get("spark.streaming.gracefulStopTimeout"), "ten batches, at least a minute");
    assertFalse(s.containsKey("spark.streaming.backpressure.enabled"), "a Kafka setting only with Kafka");
  }

  /** A local run serializes and checkpoints as a cluster submit with deploy/spark-defaults.conf does. */
  @Test
  void everyRunGetsKryoAsTheClusterDefaultsAndTheForklessLocalFileSystem() throws Exception {
    Properties clusterDefaults = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("deploy", "spark-defaults.conf"), StandardCharsets.UTF_8)) {
      clusterDefaults.load(in);
    }
    Map<String, String> s = settings(system(), "--checkpoint-dir", "/cp", "--socket", "127.0.0.1:9999");
    for (String key : List.of("spark.serializer", "spark.kryo.classesToRegister")) {
      assertEquals(clusterDefaults.getProperty(key).trim(), s.get(key), key);
    }
    assertEquals(NioLocalFileSystem.class.getName(), s.get("spark.hadoop.fs.file.impl"));

    Map<String, String> given = settings(system("spark.serializer", "org.apache.spark.serializer.JavaSerializer"),
        "--checkpoint-dir", "/cp", "--socket", "127.0.0.1:9999", "--conf", "spark.hadoop.fs.file.impl=x.Y");
    assertEquals("org.apache.spark.serializer.JavaSerializer", given.get("spark.serializer"), "a given one wins");
    assertEquals("x.Y", given.get("spark.hadoop.fs.file.impl"), "a given one wins");
  }
}
