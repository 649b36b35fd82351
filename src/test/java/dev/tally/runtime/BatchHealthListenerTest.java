package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchHealthListenerTest {
  @Test
  void warnsOnlyWhileTheDelayKeepsGrowingPastOneBatch() {
    BatchHealthListener listener = new BatchHealthListener(1000, new BatchFigures());
    long[] delays = {0, 400, 800, 1200, 1600, 2000}; // five rises, above 1 s at the end
    String warning = null;
    for (int i = 0; i < delays.length; i++) {
      warning = listener.delayWarning(delays[i]);
      if (i < delays.length - 1) {
        assertNull(warning, "no warning after " + i + " rises");
      }
    }
    assertNotNull(warning);
    assertTrue(warning.contains("grown for 5 batches to 2000ms"), warning);
    assertNull(listener.delayWarning(1900), "a falling delay resets the count");
  }

  @Test
  void risingButSmallDelaysDoNotWarn() {
    BatchHealthListener listener = new BatchHealthListener(1000, new BatchFigures());
    for (long delay = 10; delay < 200; delay += 10) {
      assertNull(listener.delayWarning(delay));
    }
  }

  @Test
  void healthLineCarriesTheBatchTallies() {
    long batch = 7_000;
    BatchFigures figures = new BatchFigures();
    figures.input(batch, 120, 3);
    figures.windowRows(batch, "30s/10s", 42);
    figures.totalRows(batch, 17);
    String line = BatchHealthListener.line(batch, figures.take(batch), 312, 4);
    assertTrue(line.matches("batch \\d\\d:\\d\\d:\\d\\d lines=120 rejects=3 windowRows=\\{30s/10s=42} totalRows=17 "
        + "processing=312ms delay=4ms"), line);
    assertEquals(0, figures.take(batch).lines(), "taken once");
  }
}
