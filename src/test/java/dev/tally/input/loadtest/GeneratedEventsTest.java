package dev.tally.input.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.checkpointed.GeneratedSlice;
import dev.tally.parse.EventHandler;
import dev.tally.parse.EventTime;
import dev.tally.parse.InputFormat;
import dev.tally.parse.LineParser;
import dev.tally.parse.ParserSpec;
import dev.tally.testing.Reference.Event;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator alone: deterministic, in range, evenly spread, and read by the job's real parsers. */
class GeneratedEventsTest {
  /** The job's CSV as {@code --format csv --values v1,v2 --decimals 2} configures it. */
  private static final ParserSpec CSV = csv(List.of("v1", "v2"), List.of(), ',');
  private static final ParserSpec TEXT = ParserSpec.text();

  private static ParserSpec csv(List<String> values, List<String> columns, char delimiter) {
    return new ParserSpec(InputFormat.CSV, "key", values, columns, delimiter, 2, 65_536, 512);
  }

  /** {@code --format csv --csv-columns ts,key,cost --values cost --event-time ts}. */
  private static final ParserSpec TIMED = new ParserSpec(InputFormat.CSV, "key", List.of("cost"),
      List.of("ts", "key", "cost"), ',', 2, 65_536, 512, "ts");
  private static final long T = 1_764_939_900_000L;

  private static GeneratedEvents generator(String option, ParserSpec parser) {
    return GenerateSpec.parse(option).events(parser);
  }

  /** The event times the job's own parser reads from a slice's lines, in order; a reject fails. */
  private static long[] eventTimes(GeneratedEvents generator, GeneratedSlice slice) {
    long[] times = new long[(int) slice.lines()];
    LineParserTimes handler = new LineParserTimes();
    LineParser parser = TIMED.newParser();
    for (int i = 0; i < times.length; i++) {
      String line = generator.line(slice, i);
      parser.parse(line, handler);
      assertEquals(i + 1, handler.times.size(), line + ": " + handler.rejects);
      times[i] = handler.times.get(i);
      assertEquals(EventTime.parse(line.substring(0, line.indexOf(','))), times[i], line);
    }
    return times;
  }

  private static final class LineParserTimes implements EventHandler {
    final List<Long> times = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();

    @Override
    public void event(String key, long[] values) {
      throw new AssertionError("an event without its time");
    }

    @Override
    public void event(String key, long[] values, long eventTimeMs) {
      times.add(eventTimeMs);
    }

    @Override
    public void reject(String reason) {
      rejects.add(reason);
    }
  }

  @Test
  void aLineIsAPureFunctionOfSeedBatchPartitionAndIndex() {
    GeneratedEvents one = generator("rate=100,keys=1000,seed=7", CSV);
    GeneratedEvents same = generator("rate=5,keys=1000,seed=7,partitions=3", CSV); // rate and partitions: how many, not which
    for (long i = 0; i < 100; i++) {
      assertEquals(one.line(2_000, 1, i), same.line(2_000, 1, i));
    }
    GeneratedEvents otherSeed = generator("rate=100,keys=1000,seed=8", CSV);
    Set<String> lines = new HashSet<>();
    for (long i = 0; i < 100; i++) {
      lines.add(one.line(2_000, 1, i));
      lines.add(one.line(4_000, 1, i));
      lines.add(one.line(2_000, 0, i));
      lines.add(otherSeed.line(2_000, 1, i));
    }
    // Keys, amounts and counts together: a repeat among 400 lines would mean a shared stream, not chance.
    assertEquals(400, lines.size(), "batch time, partition, index and seed each change the lines");
    assertEquals(one.line(2_000, 1, 5), one.line(2_000, 1, 5));
    assertNotEquals(one.line(2_000, 1, 5), one.line(2_000, 1, 6));
  }

  @Test
  void csvLinesAreKeyAmountCountAndParseWithTheJobsParser() {
    GeneratedEvents generator = generator("rate=100,keys=10000", CSV);
    LineParser parser = CSV.newParser();
    for (long i = 0; i < 10_000; i++) {
      String line = generator.line(1_000, 0, i);
      assertTrue(line.matches("k\\d{1,4},\\d{1,2}\\.\\d\\d,\\d{1,2}"), line);
      Prediction.Collector out = new Prediction.Collector();
      parser.parse(line, out);
      assertEquals(0, out.rejects, line + ": " + out.reasons);
      assertEquals(1, out.events.size(), line);
      Event event = out.events.get(0);
      String[] fields = line.split(",");
      assertEquals(fields[0], event.key());
      assertEquals(Long.parseLong(fields[1].replace(".", "")), event.values()[0], line);
      assertEquals(Long.parseLong(fields[2]) * 100, event.values()[1], line);
    }
  }

  @Test
  void csvFollowsTheJobsColumnsAndDelimiter() {
    ParserSpec spec = csv(List.of("cost", "clicks", "views"), List.of("note", "cost", "key", "clicks", "views"), ';');
    GeneratedEvents generator = generator("rate=10,keys=50", spec);
    String line = generator.line(1_000, 0, 0);
    assertTrue(line.matches("x;\\d{1,2}\\.\\d\\d;k\\d{1,2};\\d{1,2};\\d{1,2}"), line);
    LineParser parser = spec.newParser();
    for (long i = 0; i < 1_000; i++) {
      Prediction.Collector out = new Prediction.Collector();
      parser.parse(generator.line(1_000, 0, i), out);
      assertEquals(1, out.events.size(), out.reasons.toString());
    }
    assertEquals("x;99.99;k49;10;10".length(), generator.longestValidLine());
  }

  @Test
  void textLinesAreWordsOfTheKeySpaceAndParseAsTheWordCount() {
    GeneratedEvents generator = generator("rate=100,keys=300,words=5", TEXT);
    LineParser parser = TEXT.newParser();
    for (long i = 0; i < 1_000; i++) {
      String line = generator.line(3_000, 1, i);
      Prediction.Collector out = new Prediction.Collector();
      parser.parse(line, out);
      assertEquals(0, out.rejects, line);
      assertEquals(5, out.events.size(), line);
      for (Event e : out.events) {
        int key = Integer.parseInt(e.key().substring(1));
        assertTrue(e.key().startsWith("k") && key >= 0 && key < 300, line);
      }
    }
    assertEquals("k999 k999 k999 k999".length(), generator("rate=1,keys=1000", TEXT).longestValidLine(), "4 words by default");
  }

  @Test
  void keysCoverTheWholeRangeAndNothingOutsideIt() {
    for (int keys : new int[] {1, 10, 1_000_000}) {
      GeneratedEvents generator = generator("rate=1,keys=" + keys, CSV);
      Set<String> seen = new HashSet<>();
      for (long i = 0; i < 200_000; i++) {
        String line = generator.line(1_000, (int) (i % 3), i);
        int key = Integer.parseInt(line.substring(1, line.indexOf(',')));
        assertTrue(key >= 0 && key < keys, line);
        seen.add(line.substring(0, line.indexOf(',')));
      }
      if (keys <= 10) {
        assertEquals(keys, seen.size(), "every key of a small key space appears");
      } else {
        assertTrue(seen.size() > 150_000, "200 000 draws from a million keys hit about 181 000: " + seen.size());
      }
    }
  }

  @Test
  void keysAmountsAndCountsAreEvenlySpread() {
    GeneratedEvents generator = generator("rate=1,keys=100", CSV);
    int lines = 1_000_000;
    long[] perKey = new long[100];
    long[] perCount = new long[11];
    long cents = 0;
    int minCents = Integer.MAX_VALUE;
    int maxCents = 0;
    for (int i = 0; i < lines; i++) {
      String[] f = generator.line(60_000, i % 4, i / 4).split(",");
      perKey[Integer.parseInt(f[0].substring(1))]++;
      int c = Integer.parseInt(f[1].replace(".", ""));
      cents += c;
      minCents = Math.min(minCents, c);
      maxCents = Math.max(maxCents, c);
      perCount[Integer.parseInt(f[2])]++;
    }
    // 10 000 expected per key, standard deviation about 100: 5 % is five deviations.
    for (int k = 0; k < 100; k++) {
      assertTrue(Math.abs(perKey[k] - 10_000) < 500, "key k" + k + ": " + perKey[k]);
    }
    assertEquals(0, perCount[0]);
    for (int v = 1; v <= 10; v++) {
      assertTrue(Math.abs(perCount[v] - 100_000) < 1_500, "count " + v + ": " + perCount[v]);
    }
    assertEquals(1, minCents, "amounts start at 0.01");
    assertEquals(9_999, maxCents, "amounts end at 99.99");
    double mean = cents / 100.0 / lines;
    assertTrue(Math.abs(mean - 50.0) < 0.2, "mean amount " + mean);
  }

  @Test
  void noLineIsRejectedWithoutAMalformedFraction() {
    for (ParserSpec spec : List.of(CSV, TEXT)) {
      GeneratedEvents generator = generator("rate=1000,keys=1m", spec);
      Prediction prediction = Prediction.of(generator, spec, 1_000, 3, 20);
      assertEquals(20_000, prediction.lines.stream().mapToLong(Long::longValue).sum());
      assertTrue(prediction.rejects.stream().allMatch(r -> r == 0), prediction.rejects.toString());
      long events = prediction.events.stream().mapToLong(List::size).sum();
      assertEquals(spec == TEXT ? 4 * 20_000 : 20_000, events);
    }
  }

  @Test
  void aMalformedFractionRejectsExactlyThatShareOfEachSlice() {
    for (ParserSpec spec : List.of(CSV, TEXT)) {
      GeneratedEvents generator = generator("rate=997,keys=100,malformed=0.013", spec);
      LineParser parser = spec.newParser();
      for (int p = 0; p < 3; p++) {
        long lines = GeneratedEvents.linesInSlice(997, 3, p); // 333, 332, 332
        Prediction.Collector out = new Prediction.Collector();
        long malformed = 0;
        for (long i = 0; i < lines; i++) {
          long before = out.rejects;
          parser.parse(generator.line(5_000, p, i), out);
          assertEquals(generator.isMalformed(i) ? 1 : 0, out.rejects - before, "line " + i + " of slice " + p);
          malformed += generator.isMalformed(i) ? 1 : 0;
        }
        assertEquals(lines * 13 / 1000, out.rejects, "floor(lines × 0.013) of slice " + p + ": " + out.reasons);
        assertEquals(4, out.rejects, "333 or 332 lines × 0.013");
        assertEquals(malformed, generator.malformedAmong(lines));
      }
    }
    GeneratedEvents all = generator("rate=10,malformed=1", CSV);
    GeneratedEvents half = generator("rate=10,malformed=0.5", CSV);
    for (long i = 0; i < 10; i++) {
      assertTrue(all.isMalformed(i));
      assertEquals(i % 2 == 1, half.isMalformed(i), "spread evenly, not bunched: line " + i);
    }
  }

  @Test
  void malformedLinesAreRejectedForTheReasonsDocumented() {
    Prediction.Collector csv = new Prediction.Collector();
    CSV.newParser().parse(generator("rate=1,malformed=1", CSV).line(1_000, 0, 0), csv);
    assertEquals(List.of("expected 3 columns, found 4"), csv.reasons);
    Prediction.Collector text = new Prediction.Collector();
    TEXT.newParser().parse(generator("rate=1,malformed=1", TEXT).line(1_000, 0, 0), text);
    assertEquals(List.of("a word is longer than the key limit of 512 characters"), text.reasons);
  }

  @Test
  void linesPerBatchFollowTheRateExactlyOnAverage() {
    GeneratedEvents oneAndAHalf = generator("rate=3", CSV);
    long sum = 0;
    for (long b = 1; b <= 1_000; b++) {
      long n = oneAndAHalf.linesInBatch(500, b * 500);
      assertTrue(n == 1 || n == 2, "1.5 lines per 500 ms batch: " + n);
      sum += n;
    }
    assertEquals(1_500, sum, "3 lines/s over 500 s");
    assertEquals(400_000, generator("rate=200k", CSV).linesInBatch(2_000, 1_754_000_000_000L));
    long perTen = 0;
    for (long b = 1; b <= 10; b++) {
      perTen += generator("rate=1", CSV).linesInBatch(100, b * 100);
    }
    assertEquals(1, perTen, "1 line/s in 100 ms batches: one batch in ten holds it");

    long total = 0;
    for (int p = 0; p < 7; p++) {
      long slice = GeneratedEvents.linesInSlice(100, 7, p);
      assertTrue(slice == 14 || slice == 15, "even split: " + slice);
      total += slice;
    }
    assertEquals(100, total);
  }

  @Test
  void formatsAndLimitsThatCannotTakeTheGeneratedLinesAreRefused() {
    ParserSpec json = new ParserSpec(InputFormat.JSON, "key", List.of("v"), List.of(), ',', 2, 1000, 64);
    assertEquals("generates text or csv lines, not --format json",
        assertThrows(IllegalArgumentException.class, () -> generator("rate=1", json)).getMessage());
    assertEquals("words has no meaning with --format csv (one event per line)",
        assertThrows(IllegalArgumentException.class, () -> generator("rate=1,words=3", CSV)).getMessage());
    assertEquals("the CSV delimiter '.' occurs in generated values",
        assertThrows(IllegalArgumentException.class, () -> generator("rate=1", csv(List.of("v"), List.of(), '.')))
            .getMessage());
    ParserSpec shortKeys = new ParserSpec(InputFormat.TEXT, "key", List.of(), List.of(), ',', 0, 1000, 4);
    assertEquals("keys up to k99999 are longer than --max-key-length 4",
        assertThrows(IllegalArgumentException.class, () -> generator("rate=1,keys=100000", shortKeys)).getMessage());
    generator("rate=1,keys=1000", shortKeys); // k999 fits
    ParserSpec shortLines = new ParserSpec(InputFormat.TEXT, "key", List.of(), List.of(), ',', 0, 20, 64);
    assertEquals("lines of up to 23 characters are longer than --max-line-length 20",
        assertThrows(IllegalArgumentException.class, () -> generator("rate=1,keys=10000,words=4", shortLines))
            .getMessage());
  }

  @Test
  void eventTimesRiseThroughTheBatchIntervalAndParseWithTallysParser() {
    GeneratedEvents generator = generator("rate=1000,keys=100", TIMED);
    GeneratedSlice slice = new GeneratedSlice(T, 2_000, 1, 997);
    long[] times = eventTimes(generator, slice);
    assertEquals(T - 2_000 + 1, times[0], "the first line at the start of the interval");
    assertTrue(times[996] <= T && times[996] > T - 10, "the last near the batch time: " + times[996]);
    for (int i = 1; i < times.length; i++) {
      assertTrue(times[i] >= times[i - 1], "in order without out-of-order: line " + i);
    }
    assertTrue(generator.line(slice, 5).matches("\\d{13},k\\d{1,2},\\d{1,2}\\.\\d\\d"), generator.line(slice, 5));
    assertEquals("1764939900000,k99,99.99".length(), generator.longestValidLine());
    assertEquals("a line with an event time needs its slice (interval and lines)",
        assertThrows(IllegalStateException.class, () -> generator.line(T, 0, 0)).getMessage());
  }

  @Test
  void anExactShareOfEachSliceIsStampedEarlierWithinTheBound() {
    GeneratedEvents generator = generator("rate=1000,keys=100,out-of-order=0.05,out-of-order-by=3s", TIMED);
    GeneratedEvents inOrder = generator("rate=1000,keys=100", TIMED);
    long lagMin = Long.MAX_VALUE;
    long lagMax = 0;
    for (int p = 0; p < 3; p++) {
      long lines = GeneratedEvents.linesInSlice(10_001, 3, p); // 3,334, 3,334, 3,333
      GeneratedSlice slice = new GeneratedSlice(T, 1_000, p, lines);
      long[] times = eventTimes(generator, slice);
      long[] expected = eventTimes(inOrder, slice);
      long early = 0;
      for (int i = 0; i < times.length; i++) {
        long lag = expected[i] - times[i];
        assertEquals(generator.isOutOfOrder(i), lag > 0, "line " + i + " of slice " + p);
        if (lag > 0) {
          early++;
          lagMin = Math.min(lagMin, lag);
          lagMax = Math.max(lagMax, lag);
          assertTrue(lag <= 3_000, "at most out-of-order-by earlier: " + lag);
        }
      }
      assertEquals(Math.round(lines * 0.05), early, "5 % of slice " + p + ", rounded");
      assertEquals(early, generator.outOfOrderAmong(lines));
      assertEquals(167, early, "3,333 or 3,334 lines × 0.05");
    }
    assertTrue(lagMin < 300 && lagMax > 2_700, "lags spread over 1 ms..3 s: " + lagMin + ".." + lagMax);
    GeneratedEvents half = generator("rate=10,out-of-order=0.5,out-of-order-by=1s", TIMED);
    GeneratedEvents halfMalformed = generator("rate=10,malformed=0.5", TIMED);
    for (long i = 0; i < 10; i++) {
      assertEquals(i % 2 == 0, half.isOutOfOrder(i), "spread evenly: line " + i);
      assertTrue(half.isOutOfOrder(i) != halfMalformed.isMalformed(i), "equal fractions pick other lines: " + i);
    }
  }

  @Test
  void outOfOrderLinesAreAPureFunctionOfSeedBatchPartitionAndIndex() {
    GeneratedSlice slice = new GeneratedSlice(T, 1_000, 1, 500);
    GeneratedEvents one = generator("rate=500,keys=100,seed=3,out-of-order=0.1,out-of-order-by=5s", TIMED);
    GeneratedEvents same = generator("rate=9,keys=100,seed=3,out-of-order=0.1,out-of-order-by=5s,partitions=4", TIMED);
    GeneratedEvents otherSeed = generator("rate=500,keys=100,seed=4,out-of-order=0.1,out-of-order-by=5s", TIMED);
    int differentLags = 0;
    for (long i = 0; i < 500; i++) {
      assertEquals(one.line(slice, i), same.line(slice, i));
      if (one.isOutOfOrder(i)) {
        differentLags += one.line(slice, i).equals(otherSeed.line(slice, i)) ? 0 : 1;
      }
    }
    assertEquals(50, differentLags, "another seed, other lags (and keys) for each of the 50 out-of-order lines");
  }

  /**
   * The watermark as the README defines it (the largest event time of the batches before, minus the delay):
   * no out-of-order line of consecutive batches falls at or behind it, so none can be late.
   */
  @Test
  void outOfOrderLinesStayAboveTheWatermarkOfTheirBatch() {
    long delay = 10_000;
    GeneratedEvents generator = generator("rate=2000,keys=100,out-of-order=0.2,out-of-order-by=10s", TIMED);
    long maxBefore = Long.MIN_VALUE;
    long closest = Long.MAX_VALUE;
    for (long b = 1; b <= 30; b++) {
      long time = T + b * 1_000;
      long maxOfBatch = Long.MIN_VALUE;
      for (int p = 0; p < 2; p++) {
        long lines = GeneratedEvents.linesInSlice(generator.linesInBatch(1_000, time), 2, p);
        for (long e : eventTimes(generator, new GeneratedSlice(time, 1_000, p, lines))) {
          if (maxBefore != Long.MIN_VALUE) {
            assertTrue(e > maxBefore - delay, "batch " + b + ": " + e + " is behind the watermark " + (maxBefore - delay));
            closest = Math.min(closest, e - (maxBefore - delay));
          }
          maxOfBatch = Math.max(maxOfBatch, e);
        }
      }
      maxBefore = Math.max(maxBefore, maxOfBatch);
    }
    assertTrue(closest < 1_000, "the bound is used: the closest event was " + closest + " ms above the watermark");
  }

  /** HotSpot counts each thread's allocated bytes: appending a line must add none. */
  @Test
  void appendingALineAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    GeneratedSlice slice = new GeneratedSlice(T, 1_000, 0, 200_000);
    for (ParserSpec spec : List.of(CSV, TEXT, TIMED)) {
      GeneratedEvents generator = generator("rate=1,keys=1m,malformed=0.01"
          + (spec == TIMED ? ",out-of-order=0.05,out-of-order-by=30s" : ""), spec);
      StringBuilder line = new StringBuilder(1024);
      long chars = 0;
      for (int round = 0; round < 2; round++) { // the first round warms up (the JIT's own work is not ours)
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (long i = 0; i < 200_000; i++) {
          line.setLength(0);
          generator.appendLine(line, slice, i);
          chars += line.length();
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        if (round == 1) {
          assertTrue(allocated < 200_000, "200 000 lines allocated " + allocated + " bytes (" + chars + " chars)");
        }
      }
    }
  }
}
