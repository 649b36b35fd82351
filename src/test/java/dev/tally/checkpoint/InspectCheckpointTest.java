package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.Tally;
import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tally inspect} on a checkpoint a real graph is writing, with one batch held in flight. */
class InspectCheckpointTest {
  private static final long HELD = 4000;

  @TempDir Path tmp;

  /** Holds the totals output of batch {@value #HELD} until released; collects nothing. */
  private static final class HoldingSink implements Sink {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
      return 0;
    }

    @Override
    public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
      if (batchTime.milliseconds() == HELD) {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return 0;
    }

    @Override
    public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
      return 0;
    }
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Tally.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return code + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reportsGenerationsFilesTheLatestCheckpointItsPendingBatchAndTheFingerprint() throws Exception {
    Path generation = tmp.resolve("cp").resolve("gen-0001");
    HoldingSink sink = new HoldingSink();
    List<List<String>> lines = List.of(List.of("a b"), List.of("b c"), List.of("c d"), List.of("d e"));
    String report;
    try (StreamingHarness job = StreamingHarness.create(generation, Settings.batches(1000).window("2s/1s")
        .checkpointIntervalMs(1000).build(), List.of(new ReplayableInput("replay", lines, 1000)), sink).start()) {
      job.runBatches(3);
      job.awaitCheckpointFile("checkpoint-3000.bk"); // batch 3 is recorded as completed
      job.clock().advance(1000);
      assertTrue(sink.held.await(120, TimeUnit.SECONDS), "batch 4 is running");
      job.awaitCheckpoint(HELD); // written when batch 4 started: it is pending in it
      report = run("inspect", "--checkpoint-dir", tmp.resolve("cp").toString());
      sink.release.countDown();
      job.awaitBatch(HELD);
    }
    assertTrue(report.startsWith("0\nCheckpoint directory file:" + tmp.resolve("cp") + ": 1 generation(s)\n"), report);
    assertTrue(Pattern.compile("\n  gen-0001 +\\d+ files +[0-9.]+ KiB  current: a plain start recovers it\n")
        .matcher(report).find(), report);
    assertTrue(report.contains("\nCurrent generation file:" + generation + "\n"), report);
    assertTrue(Pattern.compile("\n  checkpoint-4000 +[0-9.]+ KiB  \\S+Z  Spark's metadata checkpoint\n")
        .matcher(report).find(), report);
    assertTrue(Pattern.compile("\n  [0-9a-f-]{36}/ +\\d+ files +[0-9.]+ (B|KiB)  RDD checkpoints").matcher(report).find(),
        report);
    assertTrue(report.contains("\nLatest checkpoint: checkpoint-4000, batch time 4000 (1970-01-01T00:00:04Z); batch "
        + "interval 1000 ms; "), report);
    assertTrue(report.contains("\nPending batches (re-run on recovery): 4000 (1970-01-01T00:00:04Z)\n"), report);
    assertTrue(Pattern.compile("\nRDD checkpoint files it restores: \\d+, all present\n").matcher(report).find(), report);
    assertTrue(report.contains("\nFingerprint (tally-fingerprint.properties): this build (Tally " + BuildInfo.version()
        + ") has the same version and classes\n"), report);
    assertTrue(report.contains("\n  tally.version=" + BuildInfo.version() + "\n"), report);
    assertTrue(report.contains("\n  setting.window=2s/1s\n"), report);
    assertTrue(Pattern.compile("\nTotal size on disk: [0-9.]+ KiB\n$").matcher(report).find(), report);
  }

  @Test
  void aCheckpointWithoutFingerprintAndAMissingDirectoryAreSaidSo() throws Exception {
    Path legacy = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(legacy.resolve("checkpoint-1000"), "not a checkpoint");
    String report = run("inspect", "--checkpoint-dir", legacy.toString());
    assertTrue(report.startsWith("0\n"), report);
    assertTrue(report.contains("\n  the directory itself "), report);
    assertTrue(report.contains("\nCannot read checkpoint-1000 with this build: "), report);
    assertTrue(report.contains("\nLatest checkpoint: none of the 1 checkpoint files can be read by this build\n"), report);
    assertTrue(report.contains("\nFingerprint: none (written by Tally before the checkpoint guard; a start refuses it)\n"),
        report);

    assertEquals("2\ntally inspect: --checkpoint-dir: file:" + tmp.resolve("none") + " does not exist\n",
        run("inspect", "--checkpoint-dir", tmp.resolve("none").toString()));
    assertTrue(run("inspect").startsWith("2\ntally inspect: --checkpoint-dir: required; usage: "));
  }
}
