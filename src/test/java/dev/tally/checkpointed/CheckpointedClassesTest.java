package dev.tally.checkpointed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.checkpoint.Fingerprint;
import dev.tally.checkpoint.GraphFactory;
import dev.tally.config.GraphSettings;
import dev.tally.config.HostPort;
import dev.tally.config.TotalsOperator;
import dev.tally.input.DirectoryInput;
import dev.tally.input.InputSource;
import dev.tally.input.SocketInput;
import dev.tally.input.kafka.KafkaInput;
import dev.tally.input.kafka.KafkaSettings;
import dev.tally.input.loadtest.GenerateSpec;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.model.SourceOffset;
import dev.tally.runtime.DriverRuntime;
import dev.tally.testing.KeepingSink;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint's class list is the real one: a graph built by the factory with every feature
 * (socket, directory, Kafka and generated inputs, seeded totals, windows sliding every batch and every few),
 * once with each totals operator, is
 * serialized as Spark checkpoints it, and every Tally class in that stream must be listed.
 */
class CheckpointedClassesTest {
  @TempDir Path tmp;

  /** Collects the class of every object written, as the checkpoint's stream describes them. */
  private static final class ClassCollector extends ObjectOutputStream {
    private final Set<String> classes = new TreeSet<>();

    ClassCollector(OutputStream out) throws IOException {
      super(out);
    }

    @Override
    protected void annotateClass(Class<?> type) {
      classes.add(type.getName());
    }
  }

  @Test
  void everyTallyClassInASerializedGraphIsListedAndEveryListedOneIsUsed() throws Exception {
    Set<String> found = new TreeSet<>();
    GraphSettings settings = null;
    List<InputSource> inputs = null;
    Path checkpoint = null;
    for (TotalsOperator operator : TotalsOperator.values()) { // each graph holds one operator's classes
      Settings chosen = Settings.batches(1000).csv(2, "cost").window("4s/2s").window("9s/1s")
          .plainWindowSlices(4).totals(operator); // 4s/2s summed afresh, 9s/1s inverse-reduced
      if (operator == TotalsOperator.MAP_WITH_STATE) {
        chosen.eventTime(5_000, "10s/5s"); // and one graph with event-time windows
      }
      settings = chosen.build();
      Path inbox = Files.createDirectories(tmp.resolve("in"));
      inputs = List.of(new SocketInput(new HostPort("127.0.0.1", 9), false),
          new DirectoryInput(inbox.toString()),
          new KafkaInput(new KafkaSettings("127.0.0.1:9", List.of("events"), null, "g", "g-driver", "earliest", Map.of())),
          new GeneratedInput(GenerateSpec.parse("rate=10,keys=5"), settings.parser()));
      KeepingSink stored = new KeepingSink(); // totals stored up to 2000 ms, and offsets up to then: seeded
      stored.storeOffsets("g", new Time(2_000), List.of(new SourceOffset("events", 0, 5, 2_000)));
      DriverRuntime runtime = DriverRuntime.start(stored);
      checkpoint = tmp.resolve("cp-" + operator.id());
      GraphFactory factory = new GraphFactory(StreamingHarness.conf(), checkpoint.toString(), settings, inputs, runtime);
      JavaStreamingContext jssc = factory.call();
      try {
        ClassCollector out = new ClassCollector(OutputStream.nullOutputStream());
        out.writeObject(jssc.ssc().graph()); // the graph's own writeObject allows its streams to be written
        out.close();
        for (String name : out.classes) {
          if (name.startsWith("dev.tally.")) {
            found.add(name);
          }
        }
      } finally {
        jssc.stop(true, false);
      }
    }
    Path inbox = tmp.resolve("in");

    Set<String> listed = names(CheckpointedClasses.ALL);
    Set<String> unlisted = new TreeSet<>(found);
    unlisted.removeAll(listed);
    assertEquals(Set.of(), unlisted, "Tally classes in the checkpointed graph missing from CheckpointedClasses");

    Set<String> inGraph = names(CheckpointedClasses.FUNCTIONS);
    inGraph.addAll(names(CheckpointedClasses.CAPTURED));
    assertEquals(inGraph, found, "CheckpointedClasses.FUNCTIONS and CAPTURED are exactly the graph's Tally classes");
    for (Class<?> type : CheckpointedClasses.STATE) {
      assertTrue(java.io.Serializable.class.isAssignableFrom(type), type.getName());
    }

    String written = Files.readString(checkpoint.resolve(Fingerprint.FILE_NAME));
    Fingerprint fingerprint = Fingerprint.parse(written);
    assertTrue(GraphFactory.fingerprint(settings, inputs, StreamingHarness.conf()).against(fingerprint).none(),
        "the factory wrote the fingerprint of what it built:\n" + written);
    assertEquals("socket=127.0.0.1:9, input-dir=" + inbox + ", kafka-topics=events, "
        + "generate=rate=10/s,keys=5,seed=1,partitions=auto,malformed=0,format=csv",
        "socket=" + fingerprint.inputs().get("socket") + ", input-dir=" + fingerprint.inputs().get("input-dir")
            + ", kafka-topics=" + fingerprint.inputs().get("kafka-topics") + ", generate=" + fingerprint.inputs().get("generate"));
  }

  private static Set<String> names(List<Class<?>> classes) {
    Set<String> names = new HashSet<>();
    classes.forEach(c -> names.add(c.getName()));
    return new TreeSet<>(names);
  }
}
