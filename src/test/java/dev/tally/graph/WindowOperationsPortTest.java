package dev.tally.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.model.Metric;
import dev.tally.testing.QueueInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduceByKeyAndWindow cases of Spark's WindowOperationsSuite (inverse function plus filter),
 * run through Tally's own parse, functions and graph: batches of 1 s, lines {@code key,value},
 * expected window sums per slide.
 */
class WindowOperationsPortTest {
  @TempDir Path checkpoint;

  // Spark's "big test" input and its filtered-inverse output (window 2 s, slide 1 s).
  private static final String[][] BIG_INPUT = {
      {"a,1"}, {"a,1", "b,1"}, {"a,1", "b,1", "c,1"}, {"a,1", "b,1"}, {"a,1"}, {},
      {"a,1"}, {"a,1", "b,1"}, {"a,1", "b,1", "c,1"}, {"a,1", "b,1"}, {"a,1"}, {}};
  private static final String[] BIG_OUTPUT = {
      "a=1", "a=2 b=1", "a=2 b=2 c=1", "a=2 b=2 c=1", "a=2 b=1", "a=1",
      "a=1", "a=2 b=1", "a=2 b=2 c=1", "a=2 b=2 c=1", "a=2 b=1", "a=1"};

  @Test
  void basicReduction() {
    check("2s/1s", new String[][] {{"a,1", "a,3"}}, "a=4");
  }

  @Test
  void keyAlreadyInWindowAndNewValueAdded() {
    check("2s/1s", new String[][] {{"a,1"}, {"a,1"}}, "a=1", "a=2");
  }

  @Test
  void newKeyAddedIntoWindow() {
    check("2s/1s", new String[][] {{"a,1"}, {"a,1", "b,1"}}, "a=1", "a=2 b=1");
  }

  @Test
  void keyRemovedFromWindowIsFilteredOut() {
    // Spark's unfiltered inverse form outputs a=0 last; the filter drops the key instead.
    check("2s/1s", new String[][] {{"a,1"}, {"a,1"}, {}, {}}, "a=1", "a=2", "a=1", "");
  }

  @Test
  void largerSlideTime() {
    // 4 s window sliding every 2 s: Tally sums each 2 s slice first, then slides over slices.
    check("4s/2s", new String[][] {{"a,1"}, {"a,2"}, {"a,3"}, {"a,4"}, {"a,5"}, {"a,6"}, {}, {}},
        "a=3", "a=10", "a=18", "a=11");
  }

  @Test
  void bigTestWithInverseAndFilter() {
    check("2s/1s", BIG_INPUT, BIG_OUTPUT);
  }

  /**
   * Runs {@code input} (one array of lines per 1 s batch) through a single window, inverse-reduced and
   * summed afresh (Tally picks one by the window's slices), and asserts each slide's output of both:
   * {@code "k=sum k=sum"}, empty for no rows.
   */
  private void check(String window, String[][] input, String... expectedPerSlide) {
    check(window, 0, input, expectedPerSlide);
    check(window, Integer.MAX_VALUE, input, expectedPerSlide);
  }

  private void check(String window, int plainWindowSlices, String[][] input, String... expectedPerSlide) {
    List<List<String>> batches = new ArrayList<>();
    for (String[] batch : input) {
      batches.add(List.of(batch));
    }
    Settings settings = Settings.batches(1000).window(window).csv(0, "v").plainWindowSlices(plainWindowSlices);
    Path dir = checkpoint.resolve("plain-window-slices-" + plainWindowSlices);
    try (StreamingHarness job = StreamingHarness.create(dir, settings.build(),
        List.of(new QueueInput("queue", batches, 2))).start()) {
      job.runBatches(input.length);
      TreeMap<Long, Map<String, Metric>> actual = job.sink().window(window);
      List<String> sums = new ArrayList<>();
      for (Map<String, Metric> rows : actual.values()) {
        StringBuilder text = new StringBuilder();
        rows.forEach((key, metric) -> text.append(text.length() == 0 ? "" : " ").append(key).append('=').append(metric.sum(0)));
        sums.add(text.toString());
      }
      assertEquals(List.of(expectedPerSlide), sums, "window " + window + (plainWindowSlices == 0 ? " inverse-reduced"
          : " summed afresh") + ": sums per slide");
    }
  }
}
