package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.input.InputSource;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerOutputOperationCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Each output is named by what it writes where Spark's UI shows it: the streaming tab's output
 * operations (the listener's {@code OutputOperationInfo.name}) and the jobs list (a job's name is its
 * last stage's), also after recovery from the checkpoint.
 */
class NamedOutputsTest {
  private static final Set<String> OUTPUTS = Set.of("rejects", "window 2s/1s", "window 4s/2s", "totals", "end of batch");

  @TempDir Path checkpoint;

  @Test
  void outputsAndTheirJobsAreNamedByWhatTheyWriteAlsoAfterRecovery() {
    List<List<String>> lines = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      lines.add(List.of("a,1", "b,2", "not a number,x"));
    }
    ReplayableInput.LIVE.put("named-outputs", lines);
    List<InputSource> input = List.of(ReplayableInput.live("named-outputs", 1000));
    GraphSettings settings = Settings.batches(1000).csv(0, "v").window("2s/1s").window("4s/2s").build();

    Names first = new Names();
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, input)) {
      job.listen(first.outputs()).listen(first.jobs()).start();
      job.runBatches(2); // 4s/2s slides at the second batch
      job.awaitCheckpoint(2000);
    }
    assertEquals(new TreeSet<>(OUTPUTS), first.outputs, "the streaming tab's output operations");
    assertTrue(first.jobs.containsAll(Set.of("window 2s/1s", "window 4s/2s", "totals", "rejects")),
        "the jobs list: " + first.jobs);
    assertTrue(OUTPUTS.containsAll(first.jobs), "every job is named by its output: " + first.jobs);

    Names recovered = new Names();
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, input)) {
      assertFalse(job.createdNew(), "recovered from the checkpoint");
      job.listen(recovered.outputs()).listen(recovered.jobs()).start();
      job.awaitBatch(2000); // re-run from the checkpoint
      job.runBatches(2);
    }
    assertEquals(new TreeSet<>(OUTPUTS), recovered.outputs, "the names are kept in the checkpoint");
    assertTrue(OUTPUTS.containsAll(recovered.jobs) && recovered.jobs.contains("totals"), "jobs: " + recovered.jobs);
  }

  /** The names the UI would show, as its listeners see them. */
  private static final class Names {
    final Set<String> outputs = new ConcurrentSkipListSet<>();
    final Set<String> jobs = new ConcurrentSkipListSet<>();

    StreamingListener outputs() {
      return new StreamingListener() {
        @Override
        public void onOutputOperationCompleted(StreamingListenerOutputOperationCompleted completed) {
          outputs.add(completed.outputOperationInfo().name());
        }
      };
    }

    SparkListener jobs() {
      return new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart start) {
          // The jobs list names a job by its last stage, which is named by the call site of the action.
          StageInfo last = null;
          for (StageInfo stage : JavaConverters.seqAsJavaList(start.stageInfos())) {
            if (last == null || stage.stageId() > last.stageId()) {
              last = stage;
            }
          }
          if (last != null) {
            jobs.add(last.name());
          }
        }
      };
    }
  }
}
