package dev.tally.checkpoint;

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
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointedContextTest {
  private static final String SPARK = JavaModuleOptions.defaultModuleOptions();

  @TempDir Path checkpoint;

  @Test
  void repeatsOfWhatSparkPutsInFrontCollapseToOne() {
    String spark = "-Djava.net.preferIPv6Addresses=false " + SPARK; // what Spark 3.5 puts in front
    assertEquals(spark, CheckpointedContext.withoutRepeatedPrefix(spark + " " + spark + " " + spark));
    assertEquals(spark + " -Dmine=1", CheckpointedContext.withoutRepeatedPrefix(spark + " " + spark + " -Dmine=1"));
    assertEquals(spark + " -Dmine=1", CheckpointedContext.withoutRepeatedPrefix(spark + " -Dmine=1"));
    assertEquals("-Dmine=1 " + spark, CheckpointedContext.withoutRepeatedPrefix("-Dmine=1 " + spark),
        "only a leading repeat is Spark's doing");
    assertEquals("-Da=1 -Db=2", CheckpointedContext.withoutRepeatedPrefix("-Da=1 -Db=2 -Da=1 -Db=2"));
    assertEquals("-Da=1 -Da=12", CheckpointedContext.withoutRepeatedPrefix("-Da=1 -Da=12"), "whole options only");
    assertEquals("-Dx=\"a b\" -Dx=\"a b\"c", CheckpointedContext.withoutRepeatedPrefix("-Dx=\"a b\" -Dx=\"a b\"c"));
    assertEquals("", CheckpointedContext.withoutRepeatedPrefix(""));
    assertEquals("-Da", CheckpointedContext.withoutRepeatedPrefix("-Da"));
  }

  /**
   * Every start puts Spark's module options in front of the Java options it recovered; without
   * the fix the executors' options grow by 15 --add-opens per recovery until no executor starts.
   */
  @Test
  void theExecutorsJavaOptionsDoNotGrowFromRecoveryToRecovery() {
    GraphSettings settings = Settings.batches(1000).csv(0, "v").window("2s/1s").build();
    List<List<String>> lines = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      lines.add(List.of("k" + b % 3 + "," + b));
    }
    ReplayableInput.LIVE.put("module-options", lines);
    List<InputSource> input = List.of(ReplayableInput.live("module-options", 1000));

    List<Integer> addOpensPerLife = new ArrayList<>();
    long last;
    try (StreamingHarness first = StreamingHarness.create(checkpoint, settings, input).start()) {
      assertTrue(first.createdNew());
      first.runBatches(2);
      last = 2000;
      first.awaitCheckpoint(last);
      addOpensPerLife.add(addOpens(first));
    }
    for (int life = 2; life <= 5; life++) {
      try (StreamingHarness next = StreamingHarness.create(checkpoint, settings, input)) {
        assertFalse(next.createdNew(), "life " + life + " recovers");
        addOpensPerLife.add(addOpens(next));
        next.start();
        next.awaitBatch(last); // the re-run batch at the checkpoint time
        last = next.runBatch();
        next.awaitCheckpoint(last); // saves this life's settings for the next
      }
    }
    int once = SPARK.split("--add-opens", -1).length - 1;
    assertTrue(once > 0, "Spark 3.5 on Java 17 has module options: " + SPARK);
    assertEquals(List.of(once, once, once, once, once), addOpensPerLife,
        "--add-opens in spark.executor.extraJavaOptions of each life");
  }

  private static int addOpens(StreamingHarness harness) {
    return harness.sparkSetting("spark.executor.extraJavaOptions").split("--add-opens", -1).length - 1;
  }
}
