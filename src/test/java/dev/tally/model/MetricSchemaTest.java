package dev.tally.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricSchemaTest {

  @Test
  void sumsKeepTheConfiguredDecimalsLikeTheDatabase() {
    MetricSchema schema = new MetricSchema(List.of("cost", "clicks"), 2);
    // 2.00 and 40.00 in units of 0.01; 3.2 is 320 units
    assertEquals("n=3 cost=2.00 clicks=40.00", schema.format(Metric.of(3, 200, 4000)));
    assertEquals("n=1 cost=3.20 clicks=-0.05", schema.format(Metric.of(1, 320, -5)));
    assertEquals("n=2 cost=0.00 clicks=0.01", schema.format(Metric.of(2, 0, 1)));
  }

  @Test
  void noDecimalsPrintsWholeNumbers() {
    MetricSchema schema = new MetricSchema(List.of("clicks"), 0);
    assertEquals("n=4 clicks=12", schema.format(Metric.of(4, 12)));
  }
}
