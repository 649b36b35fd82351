package dev.tally.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker (KRaft, its own JVM) for tests, started and stopped through deploy/kafka.sh as
 * a user would, on free loopback ports and in its own folder under target/.
 */
public final class KafkaBroker implements AutoCloseable {
  private static KafkaBroker shared;

  private final Map<String, String> env;
  private final String bootstrap;

  private KafkaBroker(Map<String, String> env, String bootstrap) {
    this.env = env;
    this.bootstrap = bootstrap;
  }

  public static KafkaBroker start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-test");
    int port = freePort();
    int controller = freePort();
    KafkaBroker broker = new KafkaBroker(Map.of("TALLY_KAFKA_DIR", dir.toString(),
        "TALLY_KAFKA_PORT", String.valueOf(port), "TALLY_KAFKA_CONTROLLER_PORT", String.valueOf(controller)),
        "127.0.0.1:" + port);
    broker.script("start");
    // Stopped by pid also when the test JVM ends without closing it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        broker.script("stop");
      } catch (Exception e) {
        // the JVM is exiting; the broker was stopped by close() or its pid is gone
      }
    }, "stop-test-kafka"));
    return broker;
  }

  /**
   * One broker for every test of this JVM that only needs a broker, started on first use and
   * stopped when the JVM exits; such tests keep to their own topics. A test that stops the broker
   * (an outage) starts its own.
   */
  public static synchronized KafkaBroker shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** Stops the broker by its pid (an outage); {@link #restart()} brings it back with its data. */
  public void stop() throws IOException, InterruptedException {
    script("stop");
  }

  public void restart() throws IOException, InterruptedException {
    script("start");
  }

  public void createTopic(String topic, int partitions) throws Exception {
    try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** Sends each line to {@code topic}, round-robin over its partitions, and waits for every ack. */
  public void produce(String topic, List<String> lines) throws Exception {
    produceAt(topic, lines, null);
  }

  /**
   * Produces {@code lines[i]} with record timestamp {@code timestamps[i]} (the producer's clock when
   * {@code timestamps} is null), round-robin over the partitions, and waits for every ack.
   */
  public void produceAt(String topic, List<String> lines, List<Long> timestamps) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("acks", "all");
    // Right after createTopic a partition may have no leader yet: the send is retried. Idempotence off and
    // one request in flight keep the retries in order without the out-of-order-sequence error that
    // idempotence can end in after such retries.
    props.put("enable.idempotence", "false");
    props.put("max.in.flight.requests.per.connection", "1");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      int partitions = producer.partitionsFor(topic).size();
      List<Future<RecordMetadata>> acks = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        Long timestamp = timestamps == null ? null : timestamps.get(i);
        acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, timestamp, null, lines.get(i))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(); // a record the broker refused fails the test here, not as a missing record later
      }
    }
  }

  private void script(String command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "deploy/kafka.sh", command).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("deploy/kafka.sh " + command + " failed");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }
}
