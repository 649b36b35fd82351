package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The waits between a write's tries: doubling, capped, jittered within the upper half of each step. */
class RetryBackoffTest {
  private final RetryBackoff backoff = new RetryBackoff(500, 10_000);

  @Test
  void stepsDoubleFromTheFirstWaitUpToTheLongest() {
    List<Long> steps = new ArrayList<>();
    for (int attempt = 1; attempt <= 8; attempt++) {
      steps.add(backoff.stepMs(attempt));
    }
    assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L), steps);
    assertEquals(10_000, backoff.stepMs(100), "many tries stay at the cap");
    assertEquals(Long.MAX_VALUE, new RetryBackoff(Long.MAX_VALUE / 3, Long.MAX_VALUE).stepMs(5), "no overflow");
  }

  @Test
  void everyWaitLiesBetweenHalfTheStepAndTheStep() {
    assertEquals(250, backoff.waitMs(1, lowest()));
    assertEquals(500, backoff.waitMs(1, highest()));
    assertEquals(5000, backoff.waitMs(7, lowest()), "half the capped step");
    assertEquals(10_000, backoff.waitMs(7, highest()), "never past the longest wait");
    assertEquals(1, new RetryBackoff(1, 1).waitMs(1, lowest()), "an odd step rounds its floor up");
    assertEquals(0, new RetryBackoff(0, 0).waitMs(3, highest()));

    SplittableRandom random = new SplittableRandom(18);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long step = backoff.stepMs(attempt);
      for (int draw = 0; draw < 1000; draw++) {
        long wait = backoff.waitMs(attempt, random);
        assertTrue(wait >= step / 2 && wait <= step, "attempt " + attempt + ": " + wait + " of step " + step);
      }
    }
  }

  @Test
  void executorsRetryingTogetherSpreadOverTheUpperHalfOfTheStep() {
    // Forty executors, each with its own random source, retry the same failed write's second try.
    TreeSet<Long> waits = new TreeSet<>();
    for (int executor = 0; executor < 40; executor++) {
      waits.add(backoff.waitMs(2, new SplittableRandom(1000 + executor)));
    }
    assertTrue(waits.size() >= 30, "mostly distinct instants: " + waits);
    assertTrue(waits.first() < 600 && waits.last() > 900, "spread over 500..1000 ms: " + waits);
  }

  @Test
  void aSeededSourceGivesTheSameWaits() {
    SplittableRandom first = new SplittableRandom(7);
    SplittableRandom second = new SplittableRandom(7);
    for (int attempt = 1; attempt <= 6; attempt++) {
      assertEquals(backoff.waitMs(attempt, first), backoff.waitMs(attempt, second));
    }
  }

  @Test
  void refusesACapBelowTheFirstWait() {
    assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(1000, 500));
    assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(-1, 500));
  }

  /** A source that always draws the smallest value it may. */
  private static RandomGenerator lowest() {
    return new Fixed(false);
  }

  /** A source that always draws the largest value it may. */
  private static RandomGenerator highest() {
    return new Fixed(true);
  }

  private record Fixed(boolean highest) implements RandomGenerator {
    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("only bounded draws");
    }

    @Override
    public long nextLong(long bound) {
      return highest ? bound - 1 : 0;
    }
  }
}
