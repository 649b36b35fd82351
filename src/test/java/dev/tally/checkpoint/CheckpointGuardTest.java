package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.Tally;
import dev.tally.checkpoint.CheckpointGenerations.Generation;
import dev.tally.checkpoint.CheckpointGuard.Plan;
import dev.tally.checkpoint.Fingerprint.ClassPrint;
import dev.tally.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard on directories laid out by hand (a file named {@code checkpoint-N} is all Spark looks
 * for when it lists checkpoints), so no Spark runs: which generation a start takes, what it refuses
 * and where a fresh start goes.
 */
class CheckpointGuardTest {
  private static final Fingerprint RUNNING = new Fingerprint("1.0.0",
      List.of(new ClassPrint("dev.tally.checkpointed.AddMetrics", "1", "aa"), new ClassPrint("dev.tally.checkpointed.UpdateTotals", "1", "bb")),
      Map.of("batch", "2s", "window", "30s/10s"), Map.of("input-dir", "/data/in"));

  @TempDir Path tmp;

  private CheckpointGenerations generations() throws IOException {
    return CheckpointGenerations.of(tmp.resolve("cp").toString(), new Configuration());
  }

  /** A generation holding a checkpoint file and, unless null, a fingerprint. */
  private Path checkpointed(String generation, Fingerprint fingerprint) throws IOException {
    Path dir = Files.createDirectories(generation.isEmpty() ? tmp.resolve("cp") : tmp.resolve("cp").resolve(generation));
    Files.writeString(dir.resolve("checkpoint-1000"), "");
    if (fingerprint != null) {
      Files.writeString(dir.resolve(Fingerprint.FILE_NAME), fingerprint.text(Instant.EPOCH));
    }
    return dir;
  }

  private static String name(Plan plan) {
    return plan.generation().dir().getName();
  }

  @Test
  void aNewDirectoryStartsGenerationOne() throws Exception {
    Plan plan = CheckpointGuard.check(generations(), RUNNING, false);
    assertEquals("gen-0001", name(plan));
    assertEquals(1, plan.generation().number());
    assertFalse(plan.recovers());
    assertTrue(Files.notExists(tmp.resolve("cp")), "the guard creates nothing; Spark creates the directory");
  }

  @Test
  void theSameBuildRecoversTheNewestGeneration() throws Exception {
    checkpointed("gen-0001", new Fingerprint("0.9.0", RUNNING.classes(), RUNNING.settings(), RUNNING.inputs()));
    checkpointed("gen-0002", RUNNING);
    Plan plan = CheckpointGuard.check(generations(), RUNNING, false);
    assertEquals("gen-0002", name(plan));
    assertTrue(plan.recovers());
    assertEquals(Optional.empty(), plan.replaced());
    assertTrue(CheckpointGuard.check(generations(), RUNNING, true).recovers(), "fresh-start changes nothing then");
  }

  @Test
  void otherSettingsRecoverWithTheCheckpointsUnlessAFreshStartIsAsked() throws Exception {
    checkpointed("gen-0001", new Fingerprint("1.0.0", RUNNING.classes(), Map.of("batch", "2s", "window", "10s/2s"),
        RUNNING.inputs()));
    assertTrue(CheckpointGuard.check(generations(), RUNNING, false).recovers());
    Plan fresh = CheckpointGuard.check(generations(), RUNNING, true);
    assertEquals("gen-0002", name(fresh));
    assertFalse(fresh.recovers());
    assertEquals("gen-0001", fresh.replaced().get().dir().getName());
  }

  @Test
  void anotherBuildIsRefusedInOneLineThatNamesTheClassAndWhatToDo() throws Exception {
    Path gen = checkpointed("gen-0001", new Fingerprint("1.0.0",
        List.of(new ClassPrint("dev.tally.checkpointed.AddMetrics", "1", "00"), new ClassPrint("dev.tally.checkpointed.UpdateTotals", "1", "bb")),
        RUNNING.settings(), RUNNING.inputs()));
    ConfigException e = assertThrows(ConfigException.class, () -> CheckpointGuard.check(generations(), RUNNING, false));
    assertEquals("checkpoint-dir", e.option());
    assertEquals("--checkpoint-dir: the checkpoint in " + "file:" + gen
        + " is from another build: dev.tally.checkpointed.AddMetrics changed (its bytecode differs; serialVersionUID 1 in both); "
        + "recovering it would run the old graph with this build's classes. " + CheckpointGuard.UPGRADE, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    Plan fresh = CheckpointGuard.check(generations(), RUNNING, true);
    assertEquals("gen-0002", name(fresh));
    assertEquals("gen-0001", fresh.replaced().get().dir().getName());
  }

  @Test
  void otherInputsAreRefused() throws Exception {
    checkpointed("gen-0001", new Fingerprint("1.0.0", RUNNING.classes(), RUNNING.settings(), Map.of("input-dir", "/old")));
    ConfigException e = assertThrows(ConfigException.class, () -> CheckpointGuard.check(generations(), RUNNING, false));
    assertTrue(e.getMessage().contains(" reads other inputs: --input-dir /data/in given, the checkpoint reads /old; "),
        e.getMessage());
  }

  @Test
  void aCheckpointWithoutFingerprintIsRefusedUnlessAFreshStartIsAsked() throws Exception {
    checkpointed("", null); // Tally before generations: Spark's files in the directory itself
    ConfigException e = assertThrows(ConfigException.class, () -> CheckpointGuard.check(generations(), RUNNING, false));
    assertTrue(e.getMessage().contains(" has no fingerprint: it was written by a Tally build older than the checkpoint "
        + "guard"), e.getMessage());
    assertTrue(e.getMessage().endsWith("start this build with --on-checkpoint-change fresh-start "
        + "(see checkpoint-recovery/README.md)"), e.getMessage());

    Plan fresh = CheckpointGuard.check(generations(), RUNNING, true);
    assertEquals("gen-0001", name(fresh), "the first generation, inside the old directory");
    assertEquals(0, fresh.replaced().get().number());
    assertEquals("file:" + tmp.resolve("cp").resolve("gen-0001"), fresh.directory());
  }

  @Test
  void anUnreadableFingerprintIsRefused() throws Exception {
    Path gen = checkpointed("gen-0001", null);
    Files.writeString(gen.resolve(Fingerprint.FILE_NAME), "garbage\n");
    ConfigException e = assertThrows(ConfigException.class, () -> CheckpointGuard.check(generations(), RUNNING, false));
    assertTrue(e.getMessage().contains("has a fingerprint this build cannot read"), e.getMessage());
  }

  @Test
  void aGenerationNeverCheckpointedIsUsedAgainAndRemovedAfterAFailedStart() throws Exception {
    checkpointed("gen-0001", RUNNING);
    Files.createDirectories(tmp.resolve("cp").resolve("gen-0002")); // a fresh start that failed at once
    CheckpointGenerations generations = generations();
    Plan plan = CheckpointGuard.check(generations, RUNNING, false);
    assertEquals("gen-0002", name(plan));
    assertFalse(plan.recovers());

    assertTrue(generations.removeIfNeverCheckpointed(plan.generation()));
    assertFalse(generations.removeIfNeverCheckpointed(new Generation(1, generations.root().suffix("/gen-0001"))),
        "a generation with a checkpoint stays");
    assertEquals(List.of("gen-0001"), generations.list().stream().map(Generation::name).toList());
    assertTrue(CheckpointGuard.check(generations, RUNNING, false).recovers());
  }

  @Test
  void tallyRefusesBeforeStartingAnythingAndExitsTwo() throws Exception {
    Path inbox = Files.createDirectories(tmp.resolve("in"));
    String[] args = {"--checkpoint-dir", tmp.resolve("cp").toString(), "--input-dir", inbox.toString(), "--sink", "console"};
    checkpointed("gen-0001", new Fingerprint("0.0.1", RUNNING.classes(), RUNNING.settings(), RUNNING.inputs()));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code = Tally.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    long ms = (System.nanoTime() - start) / 1_000_000;
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    assertEquals(1, message.strip().lines().count(), message);
    assertTrue(message.startsWith("tally: --checkpoint-dir: the checkpoint in "), message);
    assertTrue(message.contains("is from another build: it was written by Tally 0.0.1, this is Tally "
        + BuildInfo.version()), message);
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "no Spark was started");
    System.out.println("Tally refused the checkpoint in " + ms + " ms");
  }

  @Test
  void hadoopSettingsComeFromSparkHadoopKeys() {
    Configuration hadoop = CheckpointGenerations.hadoopConf(new SparkConf(false)
        .set("spark.hadoop.fs.s3a.endpoint", "http://minio:9000").set("spark.master", "local"));
    assertEquals("http://minio:9000", hadoop.get("fs.s3a.endpoint"));
  }
}
