package dev.tally.bench;

import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, covering the data with a few ticks. */
record AxisTicks(double min, double max, double step) {

  /** Ticks from {@code low} (often 0) to at least {@code high}, about {@code target} of them. */
  static AxisTicks linear(double low, double high, int target) {
    if (!(high > low)) {
      high = low + (low == 0 ? 1 : Math.abs(low));
    }
    double raw = (high - low) / Math.max(1, target - 1);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    double step = nice * magnitude;
    return new AxisTicks(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
  }

  List<Double> values() {
    List<Double> ticks = new ArrayList<>();
    long n = Math.round((max - min) / step);
    for (long i = 0; i <= n; i++) {
      ticks.add(min + i * step); // from the index, so the error of repeated additions cannot build up
    }
    return ticks;
  }

  /** Powers of ten from below {@code low} to above {@code high} (both positive), for log axes. */
  static List<Double> decades(double low, double high) {
    List<Double> ticks = new ArrayList<>();
    for (int e = (int) Math.floor(Math.log10(low)); e <= (int) Math.ceil(Math.log10(high)); e++) {
      ticks.add(Math.pow(10, e));
    }
    return ticks;
  }
}
