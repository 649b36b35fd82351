package dev.tally.bench;

/**
 * One measured value of a figure: the median {@code y} of the repetitions with their lowest and
 * highest, at {@code x} (a number for line charts, {@code xLabel} for tables and bar groups).
 */
public record Point(String series, double x, String xLabel, double y, double low, double high, int repetitions) {

  public static Point of(String series, double x, String xLabel, Samples samples) {
    return new Point(series, x, xLabel, samples.median(), samples.min(), samples.max(), samples.count());
  }

  /** Spread as a share of the median: (high - low) / median. */
  public double spread() {
    return y == 0 ? 0 : (high - low) / y;
  }
}
