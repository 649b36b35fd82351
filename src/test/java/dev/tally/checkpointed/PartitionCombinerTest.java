package dev.tally.checkpointed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.PartitionOutput;
import dev.tally.model.Reject;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitionCombinerTest {
  private static final ParserSpec CSV =
      new ParserSpec(InputFormat.CSV, "key", List.of("cost", "clicks"), List.of(), ',', 2, 1_000, 50);

  /** The lines of one input, at positions 1, 2, ... (line numbers). */
  private static List<PartitionOutput> combine(ParserSpec spec, String input, int maxRejectRaw, List<String> lines) {
    PartitionCombiner combiner = new PartitionCombiner(spec.newParser(), maxRejectRaw);
    for (int i = 0; i < lines.size(); i++) {
      combiner.accept(input, i + 1, lines.get(i));
    }
    return combiner.result();
  }

  private static Map<String, Metric> metrics(List<PartitionOutput> out) {
    Map<String, Metric> byKey = new HashMap<>();
    for (PartitionOutput o : out) {
      if (o instanceof KeyedMetric k) {
        Metric previous = byKey.put(k.key(), k.metric());
        assertEquals(null, previous, "key " + k.key() + " reported twice");
      }
    }
    return byKey;
  }

  private static List<Reject> rejects(List<PartitionOutput> out) {
    List<Reject> list = new ArrayList<>();
    for (PartitionOutput o : out) {
      if (o instanceof Reject r) {
        list.add(r);
      }
    }
    return list;
  }

  private static PartitionCounts lastIsCounts(List<PartitionOutput> out) {
    assertEquals(1, out.stream().filter(o -> o instanceof PartitionCounts).count());
    return assertInstanceOf(PartitionCounts.class, out.get(out.size() - 1));
  }

  @Test
  void wordCountSumsPerKey() {
    List<PartitionOutput> out = combine(ParserSpec.text(), "socket:9999", 100,
        List.of("a b a", "", "b a c", "   "));
    assertEquals(Map.of("a", Metric.ofCount(3), "b", Metric.ofCount(2), "c", Metric.ofCount(1)), metrics(out));
    assertEquals(List.of(), rejects(out));
    assertEquals(new PartitionCounts(4, 0), lastIsCounts(out));
    assertEquals(4, out.size());
  }

  @Test
  void csvSumsCountAndEveryValuePerKey() {
    List<PartitionOutput> out = combine(CSV, "files", 100,
        List.of("a,1.5,2", "b,0.25,1", "a,-0.5,3", "a,0.005,0"));
    assertEquals(Map.of("a", Metric.of(3, 101, 500), "b", Metric.of(1, 25, 100)), metrics(out));
    assertEquals(new PartitionCounts(4, 0), lastIsCounts(out));
  }

  @Test
  void rejectsCarryInputPositionReasonAndRawLine() {
    List<PartitionOutput> out = combine(CSV, "file:/in/a.csv", 100,
        List.of("a,1,1", "bad line", "", "b,x,1", "a,2,2"));
    List<Reject> rejects = rejects(out);
    assertEquals(List.of(
        new Reject("file:/in/a.csv", 2, "expected 3 columns, found 1", "bad line"),
        new Reject("file:/in/a.csv", 4, "column 'cost' is not a number in range: 'x'", "b,x,1")),
        rejects);
    assertEquals(Map.of("a", Metric.of(2, 300, 300)), metrics(out));
    assertEquals(new PartitionCounts(5, 2), lastIsCounts(out));
    // order: rejects first, then metrics, then the counts
    assertInstanceOf(Reject.class, out.get(0));
    assertInstanceOf(Reject.class, out.get(1));
    assertInstanceOf(KeyedMetric.class, out.get(2));
  }

  @Test
  void rawLineIsTruncatedToTheBound() {
    String longBad = "z".repeat(30);
    List<PartitionOutput> out = combine(CSV, "in", 10, List.of(longBad, "short", "exactly10!"));
    List<Reject> rejects = rejects(out);
    assertEquals(List.of("zzzzzzzzzz", "short", "exactly10!"), rejects.stream().map(Reject::raw).toList());
  }

  @Test
  void overLongLineIsRejectedWithTruncatedRaw() {
    ParserSpec spec = new ParserSpec(InputFormat.TEXT, "key", List.of(), List.of(), ',', 0, 20, 10);
    List<PartitionOutput> out = combine(spec, "in", 5, List.of("ok", "a ".repeat(11)));
    Reject reject = rejects(out).get(0);
    assertEquals("a a a", reject.raw());
    assertEquals(2, reject.position());
    assertTrue(reject.reason().contains("limit of 20"), reject.reason());
    assertEquals(Map.of("ok", Metric.ofCount(1)), metrics(out));
  }

  @Test
  void emptyPartitionReportsOnlyZeroCounts() {
    List<PartitionOutput> out = combine(CSV, "in", 10, List.of());
    assertEquals(List.of(new PartitionCounts(0, 0)), out);
  }

  @Test
  void eachLineKeepsTheInputAndPositionItCameWith() {
    PartitionCombiner combiner = new PartitionCombiner(CSV.newParser(), 10);
    combiner.accept("kafka:events/2", 9_000_000_000L, "x");
    combiner.accept("kafka:events/2", 9_000_000_007L, "a,1,1");
    combiner.accept("kafka:events/3", 5L, "y");
    assertEquals(List.of(new Reject("kafka:events/2", 9_000_000_000L, "expected 3 columns, found 1", "x"),
        new Reject("kafka:events/3", 5L, "expected 3 columns, found 1", "y")), rejects(combiner.result()));
  }

  @Test
  void aLineThatIsNotUtf8IsRejectedAndNeverBecomesAKey() {
    PartitionCombiner combiner = new PartitionCombiner(ParserSpec.text().newParser(), 100);
    combiner.accept("file:/in/a.txt", 1, "apple");
    combiner.acceptInvalidUtf8("file:/in/a.txt", 2, "appl\uFFFD");
    List<PartitionOutput> out = combiner.result();
    assertEquals(Map.of("apple", Metric.ofCount(1)), metrics(out));
    assertEquals(List.of(new Reject("file:/in/a.txt", 2, "invalid UTF-8", "appl\uFFFD")), rejects(out));
    assertEquals(new PartitionCounts(2, 1), lastIsCounts(out));
  }

  @Test
  void aLineThatWouldOverflowItsKeysSumIsRejectedWholeAndTheJobGoesOn() {
    PartitionCombiner combiner = new PartitionCombiner(
        new ParserSpec(InputFormat.CSV, "k", List.of("v", "w"), List.of(), ',', 0, 100, 10).newParser(), 40);
    combiner.accept("in", 1, "a,1,9223372036854775807");
    combiner.accept("in", 2, "a,5,1"); // would overflow w: neither v nor the count may change
    combiner.accept("in", 3, "a,-2,-7");
    List<PartitionOutput> out = combiner.result();
    assertEquals(Map.of("a", Metric.of(2, -1, 9223372036854775800L)), metrics(out));
    List<Reject> rejects = rejects(out);
    assertEquals(1, rejects.size());
    assertEquals("a,5,1", rejects.get(0).raw());
    assertEquals(2, rejects.get(0).position());
    assertTrue(rejects.get(0).reason().contains("overflow"), rejects.get(0).reason());
  }

  @Test
  void truncatedRawLinesNeverSplitASurrogatePair() {
    assertEquals("ab", PartitionCombiner.truncate("ab\uD83D\uDE00cd", 3));
    assertEquals("ab\uD83D\uDE00", PartitionCombiner.truncate("ab\uD83D\uDE00cd", 4));
    assertEquals("abc", PartitionCombiner.truncate("abc", 3));
  }

  @Test
  void thirtyPercentMalformedInput() {
    SplittableRandom random = new SplittableRandom(30L);
    List<String> lines = new ArrayList<>();
    Map<String, long[]> expected = new HashMap<>();
    List<Integer> badIndexes = new ArrayList<>();
    String[] badForms = {"k%d", "k%d,1", "k%d,1,2,3", "k%d,abc,1", ",1,1", "\"k%d,1,1", "k%d,1e999999999,1", "k%d,1,"};
    for (int i = 0; i < 10_000; i++) {
      int key = random.nextInt(50);
      if (random.nextInt(10) < 3) {
        lines.add(String.format(badForms[random.nextInt(badForms.length)], key));
        badIndexes.add(i);
      } else {
        long cents = random.nextLong(-100_000, 100_000);
        long clicks = random.nextInt(1_000);
        lines.add("k" + key + "," + BigDecimal.valueOf(cents, 2).toPlainString() + "," + clicks);
        long[] acc = expected.computeIfAbsent("k" + key, k -> new long[3]);
        acc[0]++;
        acc[1] += cents;
        acc[2] += clicks * 100;
      }
    }
    List<PartitionOutput> out = combine(CSV, "files", 1_024, lines);

    Map<String, Metric> expectedMetrics = new HashMap<>();
    expected.forEach((k, acc) -> expectedMetrics.put(k, Metric.fromAccumulator(acc)));
    assertEquals(expectedMetrics, metrics(out));

    List<Reject> rejects = rejects(out);
    assertEquals(badIndexes, rejects.stream().map(r -> (int) r.position() - 1).toList());
    for (Reject r : rejects) {
      assertEquals(lines.get((int) r.position() - 1), r.raw());
      assertEquals("files", r.input());
      assertTrue(!r.reason().isEmpty());
    }
    assertTrue(badIndexes.size() > 2_700 && badIndexes.size() < 3_300, "about 30% bad: " + badIndexes.size());
    assertEquals(new PartitionCounts(10_000, badIndexes.size()), lastIsCounts(out));
  }
}
