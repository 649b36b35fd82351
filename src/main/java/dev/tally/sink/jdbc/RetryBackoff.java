package dev.tally.sink.jdbc;

import java.util.random.RandomGenerator;

/**
 * How long a failed write waits before its next try. The step doubles from the first wait up to the
 * longest; the wait is drawn from the upper half of the step ("equal jitter"). Executors whose writes
 * failed together, because the database restarted, so come back spread over half a step instead of
 * at the same instant, and each still waits at least half the step. Pure: the caller passes the random
 * source (a seeded one in tests).
 */
public final class RetryBackoff {
  private final long firstMs;
  private final long maxMs;

  public RetryBackoff(long firstMs, long maxMs) {
    if (firstMs < 0 || maxMs < firstMs) {
      throw new IllegalArgumentException("backoff " + firstMs + ".." + maxMs + " ms");
    }
    this.firstMs = firstMs;
    this.maxMs = maxMs;
  }

  /** The step after try {@code attempt} failed: the first wait doubled {@code attempt - 1} times, capped. */
  public long stepMs(int attempt) {
    long step = firstMs;
    for (int i = 1; i < attempt && step < maxMs; i++) {
      step = step > maxMs / 2 ? maxMs : step * 2; // never overflows, whatever the cap
    }
    return Math.min(step, maxMs);
  }

  /** The wait after try {@code attempt} failed: between half the step and the whole step, both included. */
  public long waitMs(int attempt, RandomGenerator random) {
    long step = stepMs(attempt);
    long floor = step - step / 2;
    return floor + random.nextLong(step - floor + 1);
  }

  @Override
  public String toString() {
    return firstMs + ".." + maxMs + "ms";
  }
}
