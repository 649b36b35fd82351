package dev.tally.input.loadtest;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.checkpointed.GeneratedLines;
import dev.tally.checkpointed.GeneratedSlice;
import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import java.util.List;

/**
 * Prints how many lines per second one thread of the pure generator makes (each as a String, as the
 * input hands them to the parser). A rough figure, not a benchmark and not a test: nothing is asserted.
 * Run: {@code java -cp target/classes:target/test-classes dev.tally.input.loadtest.GeneratedEventsRate}
 */
public final class GeneratedEventsRate {
  private GeneratedEventsRate() {}

  public static void main(String[] args) {
    ParserSpec csv = new ParserSpec(InputFormat.CSV, "key", List.of("v1", "v2"), List.of(), ',', 2, 65_536, 512);
    for (String format : List.of("csv", "text")) {
      for (String keys : List.of("10000", "1000000")) {
        GeneratedEvents events = GenerateSpec.parse("rate=1,keys=" + keys).events(format.equals("csv") ? csv : ParserSpec.text());
        GeneratedSlice slice = new GeneratedSlice(1_754_000_000_000L, 1_000, 0, 5_000_000);
        double best = 0;
        long chars = 0;
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT up; the best one is printed
          long start = System.nanoTime();
          GeneratedLines lines = new GeneratedLines(events, slice);
          while (lines.hasNext()) {
            chars += lines.next().length();
          }
          best = Math.max(best, slice.lines() / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf("%-4s keys=%-7s %,12.0f lines/s in one thread (%d chars made)%n", format, keys, best, chars);
      }
    }
  }
}
