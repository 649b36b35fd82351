package dev.tally.input.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The {@code --generate} value: defaults, shorthands, and every refusal's message. */
class GenerateSpecTest {
  private static String refused(String text) {
    return assertThrows(IllegalArgumentException.class, () -> GenerateSpec.parse(text), text).getMessage();
  }

  @Test
  void onlyTheRateIsRequired() {
    GenerateSpec spec = GenerateSpec.parse("rate=200000");
    assertEquals(new GenerateSpec(200_000, 10_000, 1, 0, 0, 0), spec);
    assertEquals(4, spec.wordsPerLine());
    assertEquals(8, spec.partitionsOr(8), "auto: the context's parallelism");
    assertEquals("rate=200000/s,keys=10000,seed=1,partitions=auto,words=4,malformed=0", spec.describe(true));
    assertEquals("rate=200000/s,keys=10000,seed=1,partitions=auto,malformed=0", spec.describe(false));
  }

  @Test
  void everySettingWithShorthands() {
    GenerateSpec spec = GenerateSpec.parse(" rate=200k/s, keys=1M ,seed=-42,partitions=3,words=7,malformed=0.0125");
    assertEquals(new GenerateSpec(200_000, 1_000_000, -42, 3, 7, 12_500), spec);
    assertEquals(3, spec.partitionsOr(8));
    assertEquals("0.0125", spec.malformedText());
    assertEquals("rate=200000/s,keys=1000000,seed=-42,partitions=3,words=7,malformed=0.0125", spec.describe(true));
    assertEquals(1_000_000, GenerateSpec.parse("rate=1m,malformed=1").malformedPpm());
    assertEquals(GenerateSpec.parse("rate=5,partitions=auto"), GenerateSpec.parse("rate=5"));
  }

  @Test
  void badValuesAreRefusedSayingWhy() {
    assertEquals("rate=N (lines per second) is required", refused("keys=10"));
    assertEquals("'fast' is not NAME=VALUE (e.g. rate=10000,keys=1000)", refused("fast"));
    assertEquals("'' is not NAME=VALUE (e.g. rate=10000,keys=1000)", refused("rate=1,"));
    assertEquals("unknown setting 'burst' (rate, keys, seed, partitions, words, malformed, out-of-order, out-of-order-by)", refused("rate=1,burst=2"));
    assertEquals("rate given twice", refused("rate=1,rate=2"));
    assertEquals("rate 0 is outside 1..1000000000", refused("rate=0"));
    assertEquals("rate 2000m is outside 1..1000000000", refused("rate=2000m"));
    assertEquals("rate '1.5' is not a whole number", refused("rate=1.5"));
    assertEquals("keys -3 is outside 1..1000000000", refused("rate=1,keys=-3"));
    assertEquals("seed 'x' is not a whole number", refused("rate=1,seed=x"));
    assertEquals("partitions 0 is outside 1..100000", refused("rate=1,partitions=0"));
    assertEquals("words 101 is outside 1..100", refused("rate=1,words=101"));
    assertEquals("malformed 1.5 is not a fraction 0..1", refused("rate=1,malformed=1.5"));
    assertEquals("malformed 'some' is not a fraction 0..1 (e.g. 0.01)", refused("rate=1,malformed=some"));
    assertEquals("malformed 0.0000001 is finer than a millionth", refused("rate=1,malformed=0.0000001"));
    assertEquals("out-of-order 1.5 is not a fraction 0..1", refused("rate=1,out-of-order=1.5"));
    assertEquals("out-of-order 'often' is not a fraction 0..1 (e.g. 0.01)", refused("rate=1,out-of-order=often"));
    assertEquals("out-of-order-by 'soon' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
        refused("rate=1,out-of-order=0.1,out-of-order-by=soon"));
    assertEquals("out-of-order-by must be at least 1ms", refused("rate=1,out-of-order=0.1,out-of-order-by=0"));
  }

  @Test
  void outOfOrderLinesAreDescribedOnlyWhenAsked() {
    GenerateSpec spec = GenerateSpec.parse("rate=10k,out-of-order=0.05,out-of-order-by=5s");
    assertEquals(new GenerateSpec(10_000, 10_000, 1, 0, 0, 0, 50_000, 5_000), spec);
    assertEquals("rate=10000/s,keys=10000,seed=1,partitions=auto,malformed=0,out-of-order=0.05,out-of-order-by=5s",
        spec.describe(false));
    assertEquals(0, GenerateSpec.parse("rate=1,out-of-order=0.05").outOfOrderByMs(), "the default comes from the watermark");
    assertEquals(new GenerateSpec(1, 10_000, 1, 0, 0, 0, 50_000, 30_000),
        GenerateSpec.parse("rate=1,out-of-order=0.05").outOfOrderWithin(60_000), "half the watermark delay");
    assertEquals("out-of-order-by 2m is longer than --watermark 1m (the events could be late)",
        assertThrows(IllegalArgumentException.class,
            () -> GenerateSpec.parse("rate=1,out-of-order=0.05,out-of-order-by=2m").outOfOrderWithin(60_000)).getMessage());
  }
}
