package dev.tally.bench;

import java.util.Arrays;

/** Repetitions of one measurement; the median is reported, the extremes show the spread. */
public record Samples(double[] values) {
  public Samples {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    values = values.clone();
    Arrays.sort(values);
  }

  public double median() {
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  public double min() {
    return values[0];
  }

  public double max() {
    return values[values.length - 1];
  }

  public int count() {
    return values.length;
  }

  /** A measurement that yields one rate (or time) per call. */
  @FunctionalInterface
  public interface Run {
    double once() throws Exception;
  }

  /** Runs {@code warmUps} unrecorded calls (JIT, caches, connections), then {@code repetitions} recorded ones. */
  public static Samples measure(int warmUps, int repetitions, Run run) throws Exception {
    for (int i = 0; i < warmUps; i++) {
      run.once();
    }
    double[] values = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      values[i] = run.once();
    }
    return new Samples(values);
  }
}
