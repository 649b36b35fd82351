package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tally.checkpoint.RddCheckpointFiles;
import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.input.InputSource;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import dev.tally.testing.CollectingSink;
import dev.tally.testing.Reference;
import dev.tally.testing.Reference.Event;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.CheckpointReader;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash while a restarted job re-runs the batches it missed: the drill found that Spark's clean-up
 * could then delete RDD checkpoint files the newest checkpoint still named, so that every later start
 * failed with "Checkpoint directory does not exist". Three lives of the real graph:
 * <ol>
 *   <li>runs {@value #DONE} batches, then stops with {@value #PENDING} more generated but unfinished;
 *   <li>recovers, completes two of them (Spark deletes old RDD checkpoint files as it does), stops;
 *   <li>must recover from what the second left, and continue exactly.
 * </ol>
 */
class RecoveryDuringCatchUpTest {
  private static final int DONE = 10;
  private static final int PENDING = 3;
  private static final int BATCHES = 18;
  private static final long MS = 1000;

  @TempDir Path checkpoint;

  /** A collecting sink that holds every output after {@code openThrough} until the context stops. */
  private static final class GatedSink implements Sink {
    final CollectingSink collected = new CollectingSink();
    final long openThrough;

    GatedSink(long openThrough) {
      this.openThrough = openThrough;
    }

    private void gate(Time batchTime) {
      if (batchTime.milliseconds() > openThrough) {
        try {
          new CountDownLatch(1).await(); // until the stop interrupts the job
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("batch " + batchTime + " held until the stop");
      }
    }

    @Override
    public long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime, JavaPairRDD<String, Metric> rows) {
      gate(batchTime);
      return collected.writeWindow(window, schema, batchTime, rows);
    }

    @Override
    public long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
      gate(batchTime);
      return collected.writeTotals(schema, batchTime, changed);
    }

    @Override
    public long writeRejects(Time batchTime, JavaRDD<Reject> rejects, long count) {
      gate(batchTime);
      return collected.writeRejects(batchTime, rejects, count);
    }
  }

  @Test
  void aCrashWhileMissedBatchesAreReRunLeavesACheckpointThatRestores() throws Exception {
    List<List<String>> lines = new ArrayList<>();
    List<List<Event>> events = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      List<String> batchLines = new ArrayList<>();
      List<Event> batchEvents = new ArrayList<>();
      for (int i = 0; i < 2 + (b * 5) % 4; i++) {
        String key = "k" + ((b * 3 + i) % 5);
        long value = (b * 13L + i * 7L) % 19 - 9;
        batchLines.add(key + "," + value);
        batchEvents.add(new Event(key, value));
      }
      lines.add(batchLines);
      events.add(batchEvents);
    }
    // Both window forms: 3s/1s and 4s/2s summed afresh, 8s/1s inverse-reduced.
    GraphSettings settings = Settings.batches(MS).csv(0, "v").window("3s/1s").window("4s/2s").window("8s/1s")
        .plainWindowSlices(4).checkpointIntervalMs(2000).build();
    List<InputSource> input = List.of(new ReplayableInput("catch-up", lines, MS));

    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, input, new GatedSink(DONE * MS))
        .start()) {
      first.runBatches(DONE);
      first.awaitCheckpointFile("checkpoint-" + DONE * MS + ".bk"); // batch DONE is recorded as completed
      for (int i = 0; i < PENDING; i++) {
        first.clock().advance(MS); // generated and checkpointed, held in the sink: pending at the stop
      }
      first.awaitCheckpoint((DONE + PENDING) * MS);
    }
    List<String> referenced = RddCheckpointFiles.referencedBy(newestReadable());
    assertFalse(referenced.isEmpty(), "the first life's checkpoint names RDD checkpoint files");

    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings, input,
        new GatedSink((DONE + 2) * MS))) {
      assertFalse(second.createdNew(), "the second life recovers");
      second.start();
      second.awaitBatch((DONE + 2) * MS); // two re-run batches complete; the third stays held
      awaitDeletionOfAny(referenced); // Spark's clean-up after them
    }
    Checkpoint left = newestReadable();
    assertEquals(List.of(), RddCheckpointFiles.missing(localFs(), RddCheckpointFiles.referencedBy(left)),
        "every RDD checkpoint file the newest checkpoint names still exists");

    try (StreamingHarness third = StreamingHarness.create(checkpoint, settings, input)) {
      assertFalse(third.createdNew(), "the third life recovers from what the second left");
      third.start();
      while (third.clock().getTimeMillis() < BATCHES * MS) {
        third.runBatch();
      }
      long from = left.checkpointTime().milliseconds();
      CollectingSink out = third.sink();
      assertEquals(Reference.windows(events, MS, 3000, 1000, BATCHES * MS).tailMap(from, true), out.window("3s/1s"));
      assertEquals(Reference.windows(events, MS, 4000, 2000, BATCHES * MS).tailMap(from, true),
          out.window("4s/2s").tailMap(from, true));
      assertEquals(Reference.windows(events, MS, 8000, 1000, BATCHES * MS).tailMap(from, true),
          out.window("8s/1s").tailMap(from, true));
      TreeMap<Long, Map<String, Metric>> totals = new TreeMap<>();
      out.totals().forEach((time, rows) -> {
        Map<String, Metric> metrics = new TreeMap<>();
        rows.forEach((key, total) -> metrics.put(key, total.metric()));
        totals.put(time, metrics);
      });
      assertEquals(Reference.changedTotals(events, MS, BATCHES).tailMap(from, true), totals,
          "totals continue exactly: nothing lost, nothing counted twice");
    }
  }

  /** The checkpoint a recovery would read now. */
  private Checkpoint newestReadable() {
    scala.Option<Checkpoint> read = CheckpointReader.read(checkpoint.toString(), new SparkConf(false),
        new Configuration(), false);
    assertTrue(read.isDefined(), "a checkpoint to recover from");
    return read.get();
  }

  private static FileSystem localFs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  /** Waits, driven by file events, until one of {@code files} (Hadoop paths) is gone. */
  private static void awaitDeletionOfAny(List<String> files) throws IOException, InterruptedException {
    List<Path> paths = files.stream().map(f -> Path.of(new org.apache.hadoop.fs.Path(f).toUri().getPath())).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      for (Path parent : paths.stream().map(Path::getParent).distinct().toList()) {
        parent.register(watcher, StandardWatchEventKinds.ENTRY_DELETE);
      }
      while (paths.stream().allMatch(Files::exists)) {
        if (System.nanoTime() > deadline) {
          fail("no RDD checkpoint file of the first life was cleaned up within 120 s");
        }
        WatchKey key = watcher.poll(1, TimeUnit.SECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}
