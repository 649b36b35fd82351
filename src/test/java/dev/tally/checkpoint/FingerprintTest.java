package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.checkpoint.Fingerprint.ClassPrint;
import dev.tally.checkpoint.Fingerprint.Differences;
import dev.tally.checkpoint.Fingerprint.Drift;
import dev.tally.graph.TallyGraph;
import dev.tally.input.Inputs;
import dev.tally.process.TallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint: what it records, its file, and how two of them differ. */
class FingerprintTest {
  private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path tmp;

  /** The fingerprint Tally computes for these flags (with a Kafka input, which needs no broker to describe). */
  private static Fingerprint running(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", "cp", "--kafka-topics", "events", "--format", "csv",
        "--key", "campaign", "--values", "cost,clicks", "--kafka-property", "sasl.jaas.config=secret-stuff",
        "--sink", "console"));
    args.addAll(List.of(flags));
    if (!args.contains("--kafka-bootstrap")) {
      args.addAll(List.of("--kafka-bootstrap", "127.0.0.1:9092"));
    }
    TallyConfig config = TallyConfig.parse(args.toArray(new String[0]), "local[2]", Map.of());
    SparkConf conf = new SparkConf(false).set("spark.streaming.kafka.maxRatePerPartition", "10000")
        .set("spark.streaming.backpressure.enabled", "true");
    return GraphFactory.fingerprint(config.graph(), Inputs.of(config.inputs(), config.graph().parser(), "local[2]"), conf);
  }

  @Test
  void recordsTheVersionTheClassesAndTheFrozenSettingsByOption() throws Exception {
    Fingerprint f = running("--window", "30s/10s", "--window", "24h/5m");
    assertTrue(f.version().matches("\\d+\\.\\d+\\.\\d+.*"), "the filtered project version, not " + f.version());
    assertEquals(BuildInfo.version(), f.version());
    assertEquals(TallyGraph.FINGERPRINTED.stream().map(Class::getName).toList(),
        f.classes().stream().map(ClassPrint::name).toList());
    ClassPrint add = f.classes().stream().filter(c -> c.name().equals("dev.tally.checkpointed.AddMetrics")).findFirst().get();
    assertEquals("1", add.serialVersionUid());
    assertEquals(BytecodeHash.of(dev.tally.checkpointed.AddMetrics.class), add.bytecodeSha256());
    ClassPrint graph = f.classes().stream().filter(c -> c.name().equals("dev.tally.graph.TallyGraph")).findFirst().get();
    assertEquals("-", graph.serialVersionUid(), "not serializable: its code, not its form, counts");

    assertEquals("2s", f.settings().get("batch"));
    assertEquals("30s/10s,1d/5m", f.settings().get("window"));
    assertEquals("csv", f.settings().get("format"));
    assertEquals("cost,clicks", f.settings().get("values"));
    assertEquals("10000", f.settings().get("kafka-max-rate"));
    assertEquals("events", f.inputs().get("kafka-topics"));
    assertEquals("tally", f.inputs().get("kafka-group"));
    assertEquals("(set)", f.inputs().get("kafka-property.sasl.jaas.config"), "never a secret in the fingerprint");
    assertFalse(f.text(CREATED).contains("secret-stuff"));
  }

  @Test
  void theFileReadsBackAsWrittenAndIsWrittenAtomically() throws Exception {
    Fingerprint f = running("--csv-delimiter", "\\t", "--csv-columns", "campaign,cost,clicks,note");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri());
    f.write(fs, dir, CREATED);
    f.write(fs, dir, CREATED); // again, as a second factory call in the same directory does
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(".tally-fingerprint.properties.crc", "tally-fingerprint.properties"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
    }
    String text = Fingerprint.readText(fs, dir).orElseThrow();
    assertTrue(text.contains("\nsetting.csv-delimiter=\\\\t\n"), text);
    assertTrue(text.contains("\ncreated=2025-01-02T03:04:05Z\n"), text);
    Fingerprint back = Fingerprint.parse(text);
    assertEquals(f.version(), back.version());
    assertEquals(f.classes(), back.classes());
    assertEquals(new java.util.TreeMap<>(f.settings()), back.settings());
    assertEquals(new java.util.TreeMap<>(f.inputs()), back.inputs());
    assertTrue(f.against(back).none(), "a fingerprint read back does not differ from itself");
    assertEquals(java.util.Optional.empty(), Fingerprint.readText(fs, new org.apache.hadoop.fs.Path(tmp.resolve("none").toUri())));
  }

  @Test
  void valuesOfAnyTextSurviveTheFile() {
    for (String value : List.of("C:\\dir\\file", " leading space", "tab\there", "line\nbreak", "caf\u00e9 \u2603", "a=b:c#d!e")) {
      Fingerprint f = new Fingerprint("1", List.of(new ClassPrint("x.Y", "1", "ab")), Map.of("key", value), Map.of());
      assertEquals(value, Fingerprint.parse(f.text(CREATED)).settings().get("key"), value);
    }
  }

  @Test
  void aFileThatIsNoFingerprintIsRefusedWhenRead() {
    assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("hello=world\n"));
    assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("tally.version=1\nclass.01=only-a-name\n"));
    assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("tally.version=1\n"));
  }

  @Test
  void buildChangesNameTheClassAndWhatChanged() throws Exception {
    Fingerprint now = running();
    assertTrue(now.against(now).none());

    List<ClassPrint> classes = new ArrayList<>(now.classes());
    int add = indexOf(classes, "dev.tally.checkpointed.AddMetrics");
    classes.set(add, new ClassPrint("dev.tally.checkpointed.AddMetrics", "1", "0".repeat(64)));
    int update = indexOf(classes, "dev.tally.checkpointed.UpdateTotals");
    classes.set(update, new ClassPrint("dev.tally.checkpointed.UpdateTotals", "7", classes.get(update).bytecodeSha256()));
    classes.remove(indexOf(classes, "dev.tally.checkpointed.NonZeroMetric"));
    classes.add(new ClassPrint("dev.tally.fn.OldFunction", "1", "ab"));
    Fingerprint then = new Fingerprint("0.0.9", classes, now.settings(), now.inputs());

    Differences d = now.against(then);
    assertTrue(d.incompatible());
    assertEquals(List.of("it was written by Tally 0.0.9, this is Tally " + now.version(),
        "dev.tally.checkpointed.AddMetrics changed (its bytecode differs; serialVersionUID 1 in both)",
        "dev.tally.checkpointed.NonZeroMetric is new in this build",
        "dev.tally.checkpointed.UpdateTotals changed its serialVersionUID (7 -> 1)",
        "dev.tally.fn.OldFunction is gone from this build"), d.build());
    assertEquals(List.of(), d.settings());
  }

  @Test
  void changedSettingsAreDriftAndChangedInputsAreIncompatible() throws Exception {
    Fingerprint then = running("--window", "10s/2s", "--kafka-group", "g1");
    Fingerprint now = running("--window", "30s/10s", "--batch", "1s", "--kafka-group", "g2",
        "--kafka-bootstrap", "10.0.0.1:9092", "--kafka-property", "fetch.max.bytes=1000");
    Differences d = now.against(then);
    assertEquals(List.of(), d.build());
    assertEquals(List.of("--kafka-group g2 given, the checkpoint reads g1"), d.inputs().stream().map(Drift::describe).toList());
    assertTrue(d.incompatible());
    assertEquals(List.of("--batch 1s given, the checkpoint runs 2s", "--window 30s/10s given, the checkpoint runs 10s/2s",
        "--kafka-bootstrap 10.0.0.1:9092 given, the checkpoint runs 127.0.0.1:9092",
        "--kafka-instance-id g2-driver given, the checkpoint runs g1-driver",
        "--kafka-property fetch.max.bytes=1000 given, the checkpoint has none"),
        d.settings().stream().map(Drift::describe).toList());

    Fingerprint settingsOnly = running("--window", "30s/10s", "--kafka-group", "g1");
    assertFalse(settingsOnly.against(then).incompatible(), "windows alone: recover with the checkpoint's");
    assertFalse(settingsOnly.against(then).none());
  }

  @Test
  void anotherKindOfInputIsIncompatible() throws Exception {
    Fingerprint then = running();
    Map<String, String> inputs = new LinkedHashMap<>(then.inputs());
    inputs.put("input-dir", "/data/in");
    Fingerprint now = new Fingerprint(then.version(), then.classes(), then.settings(), inputs);
    assertEquals(List.of("--input-dir /data/in given, the checkpoint has none"),
        now.against(then).inputs().stream().map(Drift::describe).toList());
    assertEquals(List.of("no --input-dir given, the checkpoint reads /data/in"),
        then.against(now).inputs().stream().map(Drift::describe).toList());
  }

  /**
   * The generated input's settings are its data: another rate, key space, seed or format would go on
   * being generated from the checkpoint while the operator measures the new one, so it is refused.
   */
  @Test
  void anotherGeneratedInputIsIncompatible() throws Exception {
    Fingerprint then = running("--generate", "rate=1000,keys=100,seed=1");
    assertEquals("rate=1000/s,keys=100,seed=1,partitions=auto,malformed=0,format=csv", then.inputs().get("generate"));
    for (String other : List.of("rate=2000,keys=100,seed=1", "rate=1000,keys=1k,seed=1", "rate=1000,keys=100,seed=2",
        "rate=1000,keys=100,seed=1,malformed=0.01")) {
      Differences d = running("--generate", other).against(then);
      assertTrue(d.incompatible(), other);
      assertEquals(1, d.inputs().size(), other);
      assertTrue(d.inputs().get(0).describe().startsWith("--generate rate="), d.inputs().get(0).describe());
    }
    assertTrue(running("--generate", "rate=1k,keys=100").against(then).none(), "the same settings, written otherwise");
    assertEquals(List.of("no --generate given, the checkpoint reads rate=1000/s,keys=100,seed=1,partitions=auto,"
        + "malformed=0,format=csv"), running().against(then).inputs().stream().map(Drift::describe).toList());
  }

  private static int indexOf(List<ClassPrint> classes, String name) {
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name);
  }
}
