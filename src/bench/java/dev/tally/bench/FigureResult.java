package dev.tally.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one figure measured: its points, how to chart them, which series is the comparator (every
 * other series is reported as a ratio to it at the same x), notes (setup, parameters, targets), and
 * the rows it contributes to the README's table of published figures ({@link ReadmeTable}).
 */
public record FigureResult(String id, String title, String xAxis, String yAxis, String unit, Chart chart,
    String comparator, List<Point> points, List<String> notes, List<ReadmeTable.Row> readmeRows) {

  public enum Chart { LINE, BARS }

  public FigureResult {
    points = List.copyOf(points);
    notes = List.copyOf(notes);
    readmeRows = List.copyOf(readmeRows);
  }

  /** A figure that publishes nothing in the README's table. */
  public FigureResult(String id, String title, String xAxis, String yAxis, String unit, Chart chart,
      String comparator, List<Point> points, List<String> notes) {
    this(id, title, xAxis, yAxis, unit, chart, comparator, points, notes, List.of());
  }

  /** The comparator's point at the same x, if measured. */
  public Optional<Point> comparatorAt(Point p) {
    return points.stream().filter(c -> c.series().equals(comparator) && c.xLabel().equals(p.xLabel())).findFirst();
  }

  /** y relative to the comparator at the same x (empty for the comparator itself). */
  public Optional<Double> ratio(Point p) {
    if (p.series().equals(comparator)) {
      return Optional.empty();
    }
    return comparatorAt(p).filter(c -> c.y() != 0).map(c -> p.y() / c.y());
  }

  public List<String> series() {
    return points.stream().map(Point::series).distinct().toList();
  }

  public List<String> xLabels() {
    return points.stream().map(Point::xLabel).distinct().toList();
  }
}
