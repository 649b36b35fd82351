package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosingBatchesTest {
  @TempDir Path checkpoint;

  @Test
  void aRecordIsFoundByEveryLaterStartUntilForgotten() throws Exception {
    ClosingBatches first = ClosingBatches.of(checkpoint.toString(), new Configuration());
    assertFalse(first.closedEveryWindow(4_000));
    first.record(4_000);
    first.record(6_000);
    first.record(6_000);
    assertTrue(first.closedEveryWindow(4_000));
    assertTrue(Files.exists(checkpoint.resolve(ClosingBatches.DIRECTORY).resolve("4000")), "durable: a file");

    ClosingBatches later = ClosingBatches.of(checkpoint.toString(), new Configuration());
    assertTrue(later.closedEveryWindow(4_000), "a restart finds it");
    assertTrue(later.closedEveryWindow(6_000));
    assertFalse(later.closedEveryWindow(5_000));

    assertEquals(1, later.forgetBefore(5_000));
    assertFalse(later.closedEveryWindow(4_000));
    ClosingBatches afterPruning = ClosingBatches.of(checkpoint.toString(), new Configuration());
    assertFalse(afterPruning.closedEveryWindow(4_000));
    assertTrue(afterPruning.closedEveryWindow(6_000), "the run's own records stay");
  }

  @Test
  void noRecordsInACheckpointThatNeverHadOne() throws Exception {
    ClosingBatches none = ClosingBatches.of(checkpoint.resolve("new").toString(), new Configuration());
    assertFalse(none.closedEveryWindow(0));
    assertEquals(0, none.forgetBefore(Long.MAX_VALUE));
  }
}
