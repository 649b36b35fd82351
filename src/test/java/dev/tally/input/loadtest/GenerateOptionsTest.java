package dev.tally.input.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.ConfigException;
import dev.tally.config.Option;
import dev.tally.input.InputSource;
import dev.tally.input.Inputs;
import dev.tally.process.TallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --generate}: an input alone or beside others, and every refusal naming the option. */
class GenerateOptionsTest {
  @TempDir Path tmp;

  private static TallyConfig parse(String... extra) throws ConfigException {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", "/cp", "--sink", "console"));
    args.addAll(Arrays.asList(extra));
    return TallyConfig.parse(args.toArray(new String[0]), null, Map.of());
  }

  /** The message after "--generate: ", asserting that the option named is generate. */
  private static String refused(String... extra) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(extra), () -> Arrays.toString(extra));
    assertEquals("generate", e.option(), e.getMessage());
    assertTrue(e.getMessage().startsWith("--generate: "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage().substring("--generate: ".length());
  }

  @Test
  void generatedLinesAreAnInputOfTheirOwn() throws Exception {
    TallyConfig c = parse("--generate", "rate=200k,keys=1m,seed=5,partitions=4", "--format", "csv", "--values", "v1,v2");
    assertEquals(Optional.of(new GenerateSpec(200_000, 1_000_000, 5, 4, 0, 0)), c.generate());
    List<InputSource> inputs = Inputs.of(c.inputs(), c.graph().parser(), "local[2]");
    assertEquals(List.of("generated:200000/s"), inputs.stream().map(InputSource::name).toList());
    assertEquals(Map.of("generate", "rate=200000/s,keys=1000000,seed=5,partitions=4,malformed=0,format=csv"),
        inputs.get(0).frozenSettings());
    assertEquals(Optional.empty(), parse("--input-dir", "/in").generate());
  }

  @Test
  void combinesWithTheOtherInputsAndNeedsNoReceiverCore() throws Exception {
    TallyConfig c = parse("--generate=rate=10", "--socket", "h:1", "--input-dir", "/in", "--kafka-bootstrap", "b:9092",
        "--kafka-topics", "t");
    assertEquals(List.of("socket:h:1", "file:/in", "generated:10/s", "kafka:t"),
        Inputs.of(c.inputs(), c.graph().parser(), "local[2]").stream().map(InputSource::name).toList());
    assertEquals(10, parse("--generate", "rate=10", "--master", "local[1]").generate().get().ratePerSecond(),
        "one core is enough: no receiver holds it");
  }

  @Test
  void fromThePropertiesFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("tally.properties"),
        "checkpoint-dir=/cp\nsink=console\ngenerate=rate=500, keys=20, words=2\n");
    TallyConfig c = TallyConfig.parse(new String[] {"--config", file.toString()}, null, Map.of());
    assertEquals(Optional.of(new GenerateSpec(500, 20, 1, 0, 2, 0)), c.generate());
  }

  @Test
  void badSettingsAreRefusedInOneLineNamingTheOption() {
    assertEquals("rate=N (lines per second) is required", refused("--generate", "keys=10"));
    assertEquals("unknown setting 'speed' (rate, keys, seed, partitions, words, malformed, out-of-order, out-of-order-by)",
        refused("--generate", "speed=10"));
    assertEquals("rate 0 is outside 1..1000000000", refused("--generate", "rate=0"));
    assertEquals("malformed 2 is not a fraction 0..1", refused("--generate", "rate=1,malformed=2"));
    assertEquals("given twice", refused("--generate", "rate=1", "--generate", "rate=2"));
    assertEquals("needs a value: " + Option.GENERATE.argument(), refused("--generate"));
  }

  @Test
  void theJobsFormatMustTakeTheGeneratedLines() {
    assertEquals("generates text or csv lines, not --format json",
        refused("--generate", "rate=1", "--format", "json", "--values", "v"));
    assertEquals("words has no meaning with --format csv (one event per line)",
        refused("--generate", "rate=1,words=3", "--format", "csv", "--values", "v"));
    assertEquals("the CSV delimiter '.' occurs in generated values",
        refused("--generate", "rate=1", "--format", "csv", "--values", "v", "--csv-delimiter", "."));
    assertEquals("keys up to k999999 are longer than --max-key-length 4",
        refused("--generate", "rate=1,keys=1m", "--max-key-length", "4"));
    assertEquals("lines of up to 55 characters are longer than --max-line-length 50",
        refused("--generate", "rate=1,keys=1m,words=7", "--max-line-length", "50"));
  }

  private static final String[] EVENT_TIME_CSV = {"--format", "csv", "--csv-columns", "ts,key,cost",
      "--values", "cost", "--event-time", "ts", "--event-window", "10s/10s"};

  private static String[] withEventTime(String generate, String... extra) {
    List<String> args = new ArrayList<>(List.of("--generate", generate));
    args.addAll(Arrays.asList(EVENT_TIME_CSV));
    args.addAll(Arrays.asList(extra));
    return args.toArray(new String[0]);
  }

  @Test
  void outOfOrderLinesFollowTheWatermark() throws Exception {
    assertEquals(Optional.of(new GenerateSpec(10_000, 10_000, 1, 0, 0, 0, 50_000, 30_000)),
        parse(withEventTime("rate=10k,out-of-order=0.05")).generate(), "by default half the watermark's 1m");
    assertEquals(Optional.of(new GenerateSpec(10_000, 10_000, 1, 0, 0, 0, 50_000, 5_000)),
        parse(withEventTime("rate=10k,out-of-order=0.05", "--watermark", "10s")).generate());
    assertEquals(Optional.of(new GenerateSpec(10_000, 10_000, 1, 0, 0, 0, 50_000, 10_000)),
        parse(withEventTime("rate=10k,out-of-order=0.05,out-of-order-by=10s", "--watermark", "10s")).generate(),
        "as far back as the watermark delay is still on time");
    assertEquals(Optional.of(new GenerateSpec(10_000, 10_000, 1, 0, 0, 0)),
        parse(withEventTime("rate=10k")).generate(), "in order: the time column is stamped, nothing is early");
  }

  @Test
  void outOfOrderLinesAreRefusedWhereTheyCannotBeOnTimeOrHaveNoTime() {
    assertEquals("out-of-order-by 11s is longer than --watermark 10s (the events could be late)",
        refused(withEventTime("rate=1,out-of-order=0.05,out-of-order-by=11s", "--watermark", "10s")));
    assertEquals("out-of-order needs a --watermark of at least 2ms (the events would be late)",
        refused(withEventTime("rate=1,out-of-order=0.05", "--watermark", "0")));
    assertEquals("out-of-order-by has no use without out-of-order=F",
        refused(withEventTime("rate=1,out-of-order-by=5s")));
    assertEquals("out-of-order needs --format csv and --event-time FIELD (a column to stamp)",
        refused("--generate", "rate=1,out-of-order=0.05", "--format", "csv", "--values", "cost"));
    assertEquals("out-of-order needs --format csv and --event-time FIELD (a column to stamp)",
        refused("--generate", "rate=1,out-of-order=0.05"));
    assertEquals("generates text or csv lines, not --format json",
        refused("--generate", "rate=1,out-of-order=0.05", "--format", "json", "--values", "cost", "--event-time", "ts",
            "--event-window", "10s/10s"));
    assertEquals("out-of-order '5%' is not a fraction 0..1 (e.g. 0.01)",
        refused(withEventTime("rate=1,out-of-order=5%")));
  }

  @Test
  void theNoInputMessageOffersIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse());
    assertTrue(e.getMessage().endsWith("and/or --generate rate=N"), e.getMessage());
  }
}
