package dev.tally.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricTest {

  @Test
  void plusAddsCountAndEverySumExactly() {
    Metric sum = Metric.of(2, 150, -300, 1).plus(Metric.of(3, 1, 300, Long.MAX_VALUE - 1));
    assertEquals(5, sum.count());
    assertEquals(3, sum.sumCount());
    assertEquals(151, sum.sum(0));
    assertEquals(0, sum.sum(1));
    assertEquals(Long.MAX_VALUE, sum.sum(2));
    assertEquals(Metric.of(5, 151, 0, Long.MAX_VALUE), sum);
  }

  @Test
  void minusSubtractsExactly() {
    Metric a = Metric.of(5, 151, 0, 7);
    Metric b = Metric.of(3, 1, 300, 7);
    assertEquals(Metric.of(2, 150, -300, 0), a.minus(b));
    assertTrue(a.minus(a).isZero());
    assertEquals(Metric.of(0, 0, 0, 0), a.minus(a));
  }

  @Test
  void decimalFractionsDoNotDrift() {
    // 0.1 added ten times then removed in another order: exact as fixed point (0.1 = 10 units at 2 decimals)
    Metric tenth = Metric.of(1, 10);
    Metric total = Metric.of(0, 0);
    for (int i = 0; i < 10; i++) {
      total = total.plus(tenth);
    }
    assertEquals(Metric.of(10, 100), total);
    total = total.minus(Metric.of(7, 70)).minus(Metric.of(3, 30));
    assertTrue(total.isZero());
  }

  @Test
  void countOnlyMetrics() {
    Metric m = Metric.ofCount(3).plus(Metric.ofCount(4));
    assertEquals(Metric.ofCount(7), m);
    assertEquals(0, m.sumCount());
    assertEquals(Metric.of(7), m);
    assertTrue(m.minus(Metric.ofCount(7)).isZero());
    assertFalse(m.isZero());
    assertEquals("n=7", m.toString());
  }

  @Test
  void isZeroNeedsZeroCountAndEveryZeroSum() {
    assertTrue(Metric.of(0, 0, 0).isZero());
    assertFalse(Metric.of(0, 0, 1).isZero());
    assertFalse(Metric.of(0, -1, 0).isZero());
    assertFalse(Metric.of(1, 0, 0).isZero());
    assertFalse(Metric.of(-1, 0, 0).isZero());
  }

  @Test
  void ofCopiesItsArray() {
    long[] sums = {1, 2};
    Metric m = Metric.of(1, sums);
    sums[0] = 99;
    assertEquals(1, m.sum(0));
  }

  @Test
  void fromAccumulatorReadsCountThenSums() {
    long[] acc = {4, 10, 20};
    Metric m = Metric.fromAccumulator(acc);
    acc[1] = 99;
    assertEquals(Metric.of(4, 10, 20), m);
    assertEquals(Metric.ofCount(9), Metric.fromAccumulator(new long[] {9}));
  }

  @Test
  void equalsAndHashCodeFollowTheValues() {
    assertEquals(Metric.of(2, 3, 4), Metric.of(2, 3, 4));
    assertEquals(Metric.of(2, 3, 4).hashCode(), Metric.of(2, 3, 4).hashCode());
    assertNotEquals(Metric.of(2, 3, 4), Metric.of(2, 4, 3));
    assertNotEquals(Metric.of(2, 3), Metric.of(2, 3, 0));
    assertEquals("n=2 sums=[3, 4]", Metric.of(2, 3, 4).toString());
  }

  @Test
  void shapeMismatchIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.of(1, 1, 2).plus(Metric.of(1, 1)));
    assertEquals("metrics with 2 and 1 value fields cannot be combined", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metric.of(1, 1).minus(Metric.ofCount(1)));
    assertThrows(IllegalArgumentException.class, () -> Metric.ofCount(1).plus(Metric.of(1, 1)));
  }

  @Test
  void overflowIsAnErrorNotAWrongSum() {
    assertThrows(ArithmeticException.class, () -> Metric.of(1, Long.MAX_VALUE).plus(Metric.of(1, 1)));
    assertThrows(ArithmeticException.class, () -> Metric.of(1, 0, Long.MIN_VALUE).minus(Metric.of(1, 0, 1)));
    assertThrows(ArithmeticException.class, () -> Metric.ofCount(Long.MAX_VALUE).plus(Metric.ofCount(1)));
    assertThrows(ArithmeticException.class, () -> Metric.ofCount(Long.MIN_VALUE).minus(Metric.ofCount(1)));
  }

  @Test
  void addThenSubtractInAnyOrderReturnsExactlyToZero() {
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      int n = 1 + random.nextInt(60);
      List<Metric> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // values bounded so that no partial sum can overflow whatever the order
        events.add(Metric.of(1 + random.nextInt(1_000),
            random.nextLong() >> 10, random.nextInt(), random.nextBoolean() ? 1 : -(random.nextLong() >>> 12)));
      }
      List<Metric> addOrder = new ArrayList<>(events);
      Collections.shuffle(addOrder, random);
      List<Metric> subtractOrder = new ArrayList<>(events);
      Collections.shuffle(subtractOrder, random);

      Metric window = Metric.of(0, 0, 0, 0);
      for (Metric m : addOrder) {
        window = window.plus(m);
      }
      assertFalse(window.isZero(), "seed " + seed);
      long expectedCount = events.stream().mapToLong(Metric::count).sum();
      assertEquals(expectedCount, window.count(), "seed " + seed);
      for (Metric m : subtractOrder) {
        window = window.minus(m);
      }
      assertTrue(window.isZero(), "seed " + seed + ": " + window);
      assertEquals(Metric.of(0, 0, 0, 0), window, "seed " + seed);
    }
  }
}
