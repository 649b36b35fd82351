package dev.tally.model;

import dev.tally.parse.FixedPoint;
import dev.tally.parse.ParserSpec;
import java.io.Serializable;
import java.util.List;

/** Names and decimals of a metric's sums, for output. Frozen with the graph that produced them. */
public final class MetricSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] valueFields;
  private final int decimals;

  public MetricSchema(List<String> valueFields, int decimals) {
    this.valueFields = valueFields.toArray(new String[0]);
    this.decimals = decimals;
  }

  /** The schema of the metrics a parser's events make. */
  public static MetricSchema of(ParserSpec parser) {
    return new MetricSchema(parser.valueFields(), parser.decimals());
  }

  public List<String> valueFields() {
    return List.of(valueFields);
  }

  public int decimals() {
    return decimals;
  }

  /**
   * E.g. {@code n=12 cost=3.20 clicks=40.00} with 2 decimals: every sum with the configured decimals,
   * as the database stores it, so that a console line and a row read alike.
   */
  public String format(Metric metric) {
    StringBuilder out = new StringBuilder("n=").append(metric.count());
    for (int i = 0; i < valueFields.length; i++) {
      out.append(' ').append(valueFields[i]).append('=')
          .append(FixedPoint.toBigDecimal(metric.sum(i), decimals).toPlainString());
    }
    return out.toString();
  }
}
