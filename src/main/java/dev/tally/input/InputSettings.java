package dev.tally.input;

import dev.tally.config.ConfigException;
import dev.tally.config.CrossChecks;
import dev.tally.config.HostPort;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.parse.ParserSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inputs the options ask for, checked: sockets, a directory, the load-test generator, Kafka, and
 * the read rate settings; {@link Inputs} opens them.
 */
public final class InputSettings {
  private final List<HostPort> sockets;
  private final String inputDir;
  private final GenerateSpec generate;
  private final KafkaSettings kafka;
  private final int kafkaMaxRate;
  private final boolean backpressure;

  private InputSettings(List<HostPort> sockets, String inputDir, GenerateSpec generate, KafkaSettings kafka,
      int kafkaMaxRate, boolean backpressure) {
    this.sockets = List.copyOf(sockets);
    this.inputDir = inputDir;
    this.generate = generate;
    this.kafka = kafka;
    this.kafkaMaxRate = kafkaMaxRate;
    this.backpressure = backpressure;
  }

  /** The inputs of {@code v}; the generated lines follow {@code parser}. */
  public static InputSettings of(OptionValues v, ParserSpec parser) throws ConfigException {
    List<HostPort> sockets = new ArrayList<>();
    for (String s : v.all(Option.SOCKET)) {
      try {
        sockets.add(HostPort.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Option.SOCKET.id(), e.getMessage());
      }
    }
    KafkaSettings kafka = KafkaSettings.of(v);
    String inputDir = v.get(Option.INPUT_DIR);
    if (inputDir != null && inputDir.isBlank()) {
      throw new ConfigException(Option.INPUT_DIR.id(), "must not be empty");
    }
    GenerateSpec generate = GenerateSpec.of(v, parser);
    CrossChecks.someInput(v);
    CrossChecks.coresForReceivers(v);
    return new InputSettings(sockets, inputDir, generate, kafka, v.intIn(Option.KAFKA_MAX_RATE, 0, 100_000_000),
        v.bool(Option.BACKPRESSURE));
  }

  /**
   * Checks what these settings name on this machine's file system, before anything starts: a
   * mistyped local input directory would otherwise be watched, empty, forever.
   */
  public void checkPaths() throws ConfigException {
    if (inputDir != null) {
      String dir = inputDir;
      if (!dir.contains("://") || dir.startsWith("file:")) {
        Path path = Path.of(dir.startsWith("file:") ? URI.create(dir).getPath() : dir);
        if (!Files.isDirectory(path)) {
          throw new ConfigException(Option.INPUT_DIR.id(), dir + " is not a directory");
        }
      }
    }
  }

  public List<HostPort> sockets() {
    return sockets;
  }

  public Optional<String> inputDir() {
    return Optional.ofNullable(inputDir);
  }

  /** The generated input ({@code --generate}); empty when none is asked for. */
  public Optional<GenerateSpec> generate() {
    return Optional.ofNullable(generate);
  }

  /** The Kafka input; empty when no Kafka topics are read. */
  public Optional<KafkaSettings> kafka() {
    return Optional.ofNullable(kafka);
  }

  /** Records per Kafka partition and second at most; 0 for no limit. */
  public int kafkaMaxRate() {
    return kafkaMaxRate;
  }

  public boolean backpressure() {
    return backpressure;
  }
}
