package dev.tally.input.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.checkpointed.GeneratedSlice;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.config.GraphSettings;
import dev.tally.input.InputSource;
import dev.tally.model.Metric;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.testing.CollectingSink;
import dev.tally.testing.Reference;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated input in Tally's real graph under a ManualClock: every window, total and reject is
 * what the pure generator, read by the job's parser, predicts for those batch times; after a crash
 * and recovery from the checkpoint, the re-run batch and the following ones still are.
 */
class GeneratedInputTest {
  private static final long BATCH_MS = 1_000;
  private static final int PARTITIONS = 3;

  @TempDir Path checkpoint;

  private static GraphSettings csvSettings() {
    return Settings.batches(BATCH_MS).csv(2, "v1", "v2").window("3s/1s").window("4s/2s").checkpointIntervalMs(2_000)
        .build();
  }

  @Test
  void csvWindowsTotalsAndRejectsAreThoseThePureGeneratorPredicts() {
    GraphSettings settings = csvSettings();
    GenerateSpec spec = GenerateSpec.parse("rate=40,keys=15,seed=3,partitions=3,malformed=0.15");
    GeneratedInput input = new GeneratedInput(spec, settings.parser());
    int batches = 7;
    Prediction expected = Prediction.of(spec.events(settings.parser()), settings.parser(), BATCH_MS,
        PARTITIONS, batches);
    assertEquals(List.of(4L, 4L, 4L, 4L, 4L, 4L, 4L), expected.rejects, "floor(14, 13, 13 lines × 0.15) = 2 + 1 + 1");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, List.of(input)).start()) {
      job.runBatches(batches);
      long last = batches * BATCH_MS;
      CollectingSink sink = job.sink();
      assertEquals(Reference.windows(expected.events, BATCH_MS, 3_000, 1_000, last), sink.window("3s/1s"));
      assertEquals(Reference.windows(expected.events, BATCH_MS, 4_000, 2_000, last), sink.window("4s/2s"));
      assertEquals(Reference.changedTotals(expected.events, BATCH_MS, batches), metrics(sink.totals()));
      assertEquals(expectedRejects(spec, settings, batches), rejectPositions(sink.rejects()),
          "each malformed line rejected once, at its slice and index, named after the input");
    }
  }

  @Test
  void textIsTheWordCountOfTheGeneratedWords() {
    GraphSettings settings = Settings.batches(BATCH_MS).window("2s/1s").build();
    GenerateSpec spec = GenerateSpec.parse("rate=25,keys=6,words=3,partitions=2");
    int batches = 4;
    Prediction expected = Prediction.of(spec.events(settings.parser()), settings.parser(), BATCH_MS, 2,
        batches);
    assertEquals(25 * 3, expected.events.get(0).size());
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, List.of(new GeneratedInput(spec,
        settings.parser()))).start()) {
      job.runBatches(batches);
      assertEquals(Reference.windows(expected.events, BATCH_MS, 2_000, 1_000, batches * BATCH_MS), job.sink().window("2s/1s"));
      assertEquals(Reference.changedTotals(expected.events, BATCH_MS, batches), metrics(job.sink().totals()));
      assertEquals(Map.of(), job.sink().rejects());
    }
  }

  @Test
  void afterACrashTheRecoveredJobGeneratesTheSameBatchesNothingLostOrDoubled() {
    GraphSettings settings = csvSettings();
    GenerateSpec spec = GenerateSpec.parse("rate=30,keys=12,seed=11,partitions=3,malformed=0.1");
    List<InputSource> input = List.of(new GeneratedInput(spec, settings.parser()));
    int batches = 10;
    int beforeCrash = 5;
    long crashMs = beforeCrash * BATCH_MS;
    Prediction expected = Prediction.of(spec.events(settings.parser()), settings.parser(), BATCH_MS,
        PARTITIONS, batches);

    Map<String, Metric> windowAtCrash;
    Map<String, TotalState> totalsAtCrash;
    List<Reject> rejectsAtCrash;
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, input).start()) {
      assertTrue(first.createdNew());
      first.runBatches(beforeCrash);
      windowAtCrash = first.sink().window("3s/1s").get(crashMs);
      totalsAtCrash = first.sink().totals().get(crashMs);
      rejectsAtCrash = first.sink().rejects().get(crashMs);
      assertEquals(Reference.window(expected.events, BATCH_MS, 3_000, crashMs), windowAtCrash);
      first.awaitCheckpoint(crashMs);
    } // no grace: as a crash

    // A new GeneratedInput object: recovery must use the one in the checkpoint, whatever this one says.
    List<InputSource> changed = List.of(new GeneratedInput(GenerateSpec.parse("rate=500,keys=3,seed=99"),
        settings.parser()));
    try (StreamingHarness second = StreamingHarness.create(checkpoint, settings, changed)) {
      assertFalse(second.createdNew(), "recovered from the checkpoint");
      second.start();
      second.awaitBatch(crashMs);
      assertEquals(windowAtCrash, second.sink().window("3s/1s").get(crashMs), "the re-run batch is the same batch");
      assertEquals(totalsAtCrash, second.sink().totals().get(crashMs));
      assertEquals(rejectsAtCrash, second.sink().rejects().get(crashMs));

      second.runBatches(batches - beforeCrash);
      long last = batches * BATCH_MS;
      assertEquals(Reference.windows(expected.events, BATCH_MS, 3_000, 1_000, last).tailMap(crashMs, true),
          second.sink().window("3s/1s"));
      assertEquals(Reference.windows(expected.events, BATCH_MS, 4_000, 2_000, last).tailMap(crashMs, true),
          second.sink().window("4s/2s"));
      assertEquals(Reference.changedTotals(expected.events, BATCH_MS, batches).tailMap(crashMs, true),
          metrics(second.sink().totals()), "totals continue from the checkpoint: nothing lost, nothing counted twice");
      assertEquals(expectedRejects(spec, settings, batches).tailMap(crashMs, true), rejectPositions(second.sink().rejects()));
    }
  }

  /**
   * Out-of-order lines, up to the watermark delay early, through the real event-time graph: none is late
   * (no reject), and each (window, key)'s last row counts exactly the generated events whose times it holds.
   */
  @Test
  void outOfOrderLinesAreOnTimeAndEachCountsInItsEventWindow() {
    GraphSettings settings = Settings.batches(BATCH_MS).csv(2, "v1").eventTime(2_000, "2s/2s").build();
    GenerateSpec spec = GenerateSpec.parse("rate=60,keys=4,seed=5,partitions=2,out-of-order=0.25,out-of-order-by=2s");
    GeneratedEvents generator = spec.events(settings.parser());
    int batches = 8;
    Map<String, Long> expected = new TreeMap<>();
    long outOfOrder = 0;
    for (int b = 1; b <= batches; b++) {
      long time = b * BATCH_MS;
      for (int p = 0; p < 2; p++) {
        GeneratedSlice slice = new GeneratedSlice(time, BATCH_MS, p, GeneratedEvents.linesInSlice(60, 2, p));
        for (long i = 0; i < slice.lines(); i++) {
          String[] fields = generator.line(slice, i).split(","); // key,v1,ts
          long start = Math.floorDiv(Long.parseLong(fields[2]), 2_000) * 2_000;
          expected.merge(start + " " + fields[0], 1L, Long::sum);
          outOfOrder += generator.isOutOfOrder(i) ? 1 : 0;
        }
      }
    }
    assertEquals(batches * 2 * 8, outOfOrder, "a quarter of each slice of 30 lines, rounded: 8");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, List.of(new GeneratedInput(spec,
        settings.parser()))).start()) {
      job.runBatches(batches);
      assertEquals(Map.of(), job.sink().rejects(), "no event is late");
      Map<String, Long> counted = new TreeMap<>();
      for (java.util.Set<EventWindowRow> rows : job.sink().eventWindows().values()) { // in batch order: the last wins
        for (EventWindowRow row : rows) {
          counted.put(row.window().startMs() + " " + row.window().key(), row.metric().count());
        }
      }
      assertEquals(expected, counted);
    }
  }

  /** Per batch time, "input@partition:index" of every malformed line the generator makes. */
  private static TreeMap<Long, TreeSet<String>> expectedRejects(GenerateSpec spec, GraphSettings settings, int batches) {
    GeneratedEvents generator = spec.events(settings.parser());
    String name = new GeneratedInput(spec, settings.parser()).name();
    TreeMap<Long, TreeSet<String>> out = new TreeMap<>();
    for (int b = 1; b <= batches; b++) {
      long time = b * BATCH_MS;
      long lines = generator.linesInBatch(BATCH_MS, time);
      TreeSet<String> positions = new TreeSet<>();
      for (int p = 0; p < spec.partitions(); p++) {
        for (long i = 0; i < GeneratedEvents.linesInSlice(lines, spec.partitions(), p); i++) {
          if (generator.isMalformed(i)) {
            positions.add(name + " partition " + p + "@" + (i + 1)); // line numbers count from 1
          }
        }
      }
      if (!positions.isEmpty()) {
        out.put(time, positions);
      }
    }
    return out;
  }

  private static TreeMap<Long, TreeSet<String>> rejectPositions(TreeMap<Long, List<Reject>> rejects) {
    TreeMap<Long, TreeSet<String>> out = new TreeMap<>();
    rejects.forEach((time, list) -> {
      TreeSet<String> positions = new TreeSet<>();
      for (Reject r : list) {
        assertTrue(positions.add(r.input() + "@" + r.position()), "rejected twice: " + r);
        assertEquals("expected 3 columns, found 4", r.reason());
      }
      out.put(time, positions);
    });
    return out;
  }

  private static TreeMap<Long, Map<String, Metric>> metrics(TreeMap<Long, Map<String, TotalState>> totals) {
    TreeMap<Long, Map<String, Metric>> out = new TreeMap<>();
    totals.forEach((time, rows) -> {
      Map<String, Metric> metrics = new TreeMap<>();
      rows.forEach((key, total) -> metrics.put(key, total.metric()));
      out.put(time, metrics);
    });
    return out;
  }
}
