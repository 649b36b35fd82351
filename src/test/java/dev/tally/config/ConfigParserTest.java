package dev.tally.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.parse.InputFormat;
import dev.tally.parse.ParserSpec;
import dev.tally.process.TallyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigParserTest {
  private static final String[] BASE = {"--checkpoint-dir", "/tmp/cp", "--input-dir", "/tmp/in"};

  @TempDir
  Path tmp;

  private static String[] with(String... more) {
    String[] args = Arrays.copyOf(BASE, BASE.length + more.length);
    System.arraycopy(more, 0, args, BASE.length, more.length);
    return args;
  }

  private static TallyConfig parse(String... args) throws ConfigException {
    return TallyConfig.parse(args, null);
  }

  /** Asserts that the arguments are refused naming {@code option}; returns the message after "--option: ". */
  private static String refusedUnderMaster(String option, String submittedMaster, String... args) {
    ConfigException e = assertThrows(ConfigException.class, () -> TallyConfig.parse(args, submittedMaster),
        () -> "expected a ConfigException for " + Arrays.toString(args));
    assertEquals(option, e.option(), e.getMessage());
    String prefix = "--" + option + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  private static String refused(String option, String... args) {
    return refusedUnderMaster(option, null, args);
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(tmp.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  // ---- values ----

  @Test
  void defaults() throws Exception {
    TallyConfig c = parse(BASE);
    assertEquals("/tmp/cp", c.checkpointDir());
    assertEquals(Optional.of("/tmp/in"), c.inputDir());
    assertEquals(List.of(), c.sockets());
    assertEquals("local[2]", c.master());
    assertEquals("tally", c.appName());
    assertEquals(Map.of(), c.sparkConf());
    assertEquals(List.of("jdbc"), c.sinks());
    assertEquals("jdbc:h2:file:~/.tally/tally;AUTO_SERVER=TRUE", c.jdbc().url());
    assertEquals(5, c.top());
    assertEquals(Optional.empty(), c.stopFile());

    GraphSettings g = c.graph();
    assertEquals(2_000, g.batchMs());
    assertEquals(List.of(new WindowSpec(30_000, 10_000)), g.windows());
    assertEquals(86_400_000, g.stateTtlMs());
    assertEquals(43_200, g.stateTtlBatches());
    assertEquals(4, g.partitions());
    assertEquals(10_000, g.checkpointIntervalMs());
    assertEquals(1_024, g.maxRejectRaw());

    ParserSpec p = g.parser();
    assertEquals(InputFormat.TEXT, p.format());
    assertEquals("key", p.keyField());
    assertEquals(List.of(), p.valueFields());
    assertEquals(4, p.decimals());
    assertEquals(',', p.csvDelimiter());
    assertEquals(65_536, p.maxLineLength());
    assertEquals(512, p.maxKeyLength());
  }

  @Test
  void everyFlag() throws Exception {
    TallyConfig c = parse("--checkpoint-dir", "hdfs:///cp", "--master", "local[4]", "--app-name", "ads",
        "--conf", "spark.ui.enabled=false", "--conf", " spark.executor.memory = 2g ",
        "--batch", "500ms", "--socket", "localhost:9999", "--socket", "10.0.0.2:7000", "--input-dir", "/in",
        "--format", "CSV", "--key", "campaign", "--values", "cost, clicks", "--csv-columns", "ts,campaign,cost,clicks",
        "--csv-delimiter", ";", "--decimals", "2", "--window", "30s/10s", "--window", "24h/5m", "--state-ttl", "1h",
        "--partitions", "8", "--checkpoint-interval", "20s", "--max-line-length", "1000", "--max-key-length", "64",
        "--max-reject-raw", "200", "--sink", "console", "--top", "20", "--stop-file", "/tmp/stop");
    assertEquals("hdfs:///cp", c.checkpointDir());
    assertEquals("local[4]", c.master());
    assertEquals("ads", c.appName());
    assertEquals(Map.of("spark.ui.enabled", "false", "spark.executor.memory", "2g"), c.sparkConf());
    assertEquals(List.of(new HostPort("localhost", 9999), new HostPort("10.0.0.2", 7000)), c.sockets());
    assertEquals(Optional.of("/in"), c.inputDir());
    assertEquals(20, c.top());
    assertEquals(Optional.of("/tmp/stop"), c.stopFile());

    GraphSettings g = c.graph();
    assertEquals(500, g.batchMs());
    assertEquals(List.of(WindowSpec.parse("30s/10s"), WindowSpec.parse("24h/5m")), g.windows());
    assertEquals(3_600_000, g.stateTtlMs());
    assertEquals(7_200, g.stateTtlBatches());
    assertEquals(8, g.partitions());
    assertEquals(20_000, g.checkpointIntervalMs());
    assertEquals(200, g.maxRejectRaw());

    ParserSpec p = g.parser();
    assertEquals(InputFormat.CSV, p.format());
    assertEquals("campaign", p.keyField());
    assertEquals(List.of("cost", "clicks"), p.valueFields());
    assertEquals(List.of("ts", "campaign", "cost", "clicks"), p.csvColumns());
    assertEquals(';', p.csvDelimiter());
    assertEquals(2, p.decimals());
    assertEquals(1_000, p.maxLineLength());
    assertEquals(64, p.maxKeyLength());
  }

  @Test
  void optEqualsValueForm() throws Exception {
    TallyConfig c = parse("--checkpoint-dir=/cp", "--socket=h:1", "--batch=1s", "--window=4s/2s",
        "--app-name=a=b", "--conf=spark.x=y=z", "--format=json", "--values=v", "--state-ttl=0");
    assertEquals("/cp", c.checkpointDir());
    assertEquals(List.of(new HostPort("h", 1)), c.sockets());
    assertEquals(Optional.empty(), c.inputDir());
    assertEquals(1_000, c.graph().batchMs());
    assertEquals(List.of(new WindowSpec(4_000, 2_000)), c.graph().windows());
    assertEquals("a=b", c.appName());
    assertEquals(Map.of("spark.x", "y=z"), c.sparkConf());
    assertEquals(InputFormat.JSON, c.graph().parser().format());
    assertEquals(List.of("v"), c.graph().parser().valueFields());
    assertEquals(0, c.graph().stateTtlBatches());
  }

  @Test
  void csvDelimiterTab() throws Exception {
    assertEquals('\t', parse(with("--format", "csv", "--csv-delimiter", "\\t")).graph().parser().csvDelimiter());
    assertEquals('\t', parse(with("--format", "csv", "--csv-delimiter", "tab")).graph().parser().csvDelimiter());
  }

  @Test
  void csvWithoutColumnsIsKeyThenValues() throws Exception {
    ParserSpec p = parse(with("--format", "csv", "--key", "k", "--values", "a,b")).graph().parser();
    assertEquals(List.of("k", "a", "b"), p.csvColumns());
  }

  @Test
  void onCheckpointChangeRefusesUnlessFreshStartIsAsked() throws Exception {
    assertFalse(parse(BASE).freshStartOnCheckpointChange());
    assertFalse(parse(with("--on-checkpoint-change", "refuse")).freshStartOnCheckpointChange());
    assertTrue(parse(with("--on-checkpoint-change", "fresh-start")).freshStartOnCheckpointChange());
    assertEquals("'restart' is not refuse or fresh-start",
        refused("on-checkpoint-change", with("--on-checkpoint-change", "restart")));
  }

  @Test
  void plainWindowSlicesDefaultsToTheMeasuredCrossoverAndRefusesNegatives() throws Exception {
    assertEquals(12, parse(BASE).graph().plainWindowSlices());
    assertEquals(0, parse(with("--plain-window-slices", "0")).graph().plainWindowSlices());
    assertEquals("plain-window-slices=12", parse(with("--plain-window-slices", "12")).graph().byOption().entrySet()
        .stream().filter(e -> e.getKey().equals("plain-window-slices")).map(Object::toString).findFirst().orElseThrow());
    assertTrue(refused("plain-window-slices", with("--plain-window-slices", "-1")).contains("-1"));
  }

  @Test
  void totalsOperatorDefaultsToUpdateStateByKeyIsFrozenAndRefusesOthers() throws Exception {
    assertEquals(TotalsOperator.UPDATE_STATE_BY_KEY, parse(BASE).graph().totalsOperator());
    assertEquals(TotalsOperator.MAP_WITH_STATE, parse(with("--totals-operator", "mapWithState")).graph().totalsOperator());
    assertEquals(TotalsOperator.MAP_WITH_STATE, parse(with("--totals-operator", "mapwithstate")).graph().totalsOperator());
    assertEquals("mapWithState", parse(with("--totals-operator", "mapWithState")).graph().byOption().get("totals-operator"));
    assertEquals("'reduceByKey' is not updateStateByKey or mapWithState",
        refused("totals-operator", with("--totals-operator", "reduceByKey")));
  }

  @Test
  void stateTtlIsRoundedUpToWholeBatches() throws Exception {
    assertEquals(2, parse(with("--state-ttl", "3s")).graph().stateTtlBatches());
    assertEquals(1, parse(with("--state-ttl", "2s")).graph().stateTtlBatches());
  }

  @Test
  void helpIsSeenButNotAnError() throws Exception {
    assertTrue(ConfigParser.wantsHelp(new String[] {"--batch", "1s", "--help"}));
    assertTrue(ConfigParser.wantsHelp(new String[] {"-h"}));
    assertFalse(ConfigParser.wantsHelp(BASE));
    assertEquals("/tmp/cp", parse(with("--help")).checkpointDir());
  }

  @Test
  void socketsAloneAreEnoughInput() throws Exception {
    TallyConfig c = parse("--checkpoint-dir", "/cp", "--socket", "[::1]:9999");
    assertEquals(List.of(new HostPort("[::1]", 9999)), c.sockets());
    assertEquals(Optional.empty(), c.inputDir());
  }

  // ---- the properties file ----

  @Test
  void propertiesFile() throws Exception {
    Path f = file("tally.properties",
        "# a comment",
        "checkpoint-dir = /file/cp",
        "input-dir=/file/in",
        "master=local[4]",
        "batch=1s",
        "window=4s/2s, 10s/5s",
        "socket=a:1,b:2",
        "format=csv",
        "values=cost, clicks",
        "decimals=3",
        "top=9",
        "spark.executor.memory=2g",
        "spark.ui.enabled=false");
    TallyConfig c = parse("--config", f.toString());
    assertEquals("/file/cp", c.checkpointDir());
    assertEquals(Optional.of("/file/in"), c.inputDir());
    assertEquals("local[4]", c.master());
    assertEquals(1_000, c.graph().batchMs());
    assertEquals(List.of(new WindowSpec(4_000, 2_000), new WindowSpec(10_000, 5_000)), c.graph().windows());
    assertEquals(List.of(new HostPort("a", 1), new HostPort("b", 2)), c.sockets());
    assertEquals(List.of("cost", "clicks"), c.graph().parser().valueFields());
    assertEquals(3, c.graph().parser().decimals());
    assertEquals(9, c.top());
    assertEquals(Map.of("spark.executor.memory", "2g", "spark.ui.enabled", "false"), c.sparkConf());
  }

  @Test
  void flagsWinOverTheFile() throws Exception {
    Path f = file("tally.properties",
        "checkpoint-dir=/file/cp",
        "input-dir=/file/in",
        "batch=1s",
        "window=4s/2s,10s/5s",
        "top=9",
        "spark.ui.enabled=false",
        "spark.executor.memory=2g");
    TallyConfig c = parse("--top", "3", "--config=" + f, "--batch", "2s", "--window", "8s/4s",
        "--conf", "spark.ui.enabled=true");
    assertEquals("/file/cp", c.checkpointDir());
    assertEquals(3, c.top());
    assertEquals(2_000, c.graph().batchMs());
    assertEquals(List.of(new WindowSpec(8_000, 4_000)), c.graph().windows(), "a flag replaces the file's whole list");
    assertEquals(Map.of("spark.ui.enabled", "true", "spark.executor.memory", "2g"), c.sparkConf());
  }

  @Test
  void unknownKeyInTheFile() throws IOException {
    Path f = file("bad.properties", "checkpoint-dir=/cp", "input-dir=/in", "windows=30s/10s");
    assertEquals("unknown key 'windows' in " + f, refused("config", "--config", f.toString()));
  }

  @Test
  void keysThatOnlyMakeSenseAsFlagsAreUnknownInTheFile() throws IOException {
    for (String line : List.of("config=/other", "help=true", "conf=spark.a=b")) {
      Path f = file("flagonly.properties", "checkpoint-dir=/cp", "input-dir=/in", line);
      String key = line.substring(0, line.indexOf('='));
      assertEquals("unknown key '" + key + "' in " + f, refused("config", "--config", f.toString()));
    }
  }

  @Test
  void unreadableConfigFile() {
    Path missing = tmp.resolve("missing.properties");
    assertTrue(refused("config", with("--config", missing.toString())).startsWith("cannot read " + missing + ": "));
    assertTrue(refused("config", with("--config", tmp.toString())).startsWith("cannot read " + tmp + ": "));
  }

  @Test
  void errorsFromTheFileNameTheOption() throws IOException {
    Path f = file("bad.properties", "checkpoint-dir=/cp", "input-dir=/in", "batch=soon");
    assertEquals("'soon' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)",
        refused("batch", "--config", f.toString()));
  }

  // ---- every configuration error ----

  @Test
  void missingCheckpointDir() {
    assertTrue(refused("checkpoint-dir", "--input-dir", "/in").startsWith("required"));
    assertTrue(refused("checkpoint-dir", "--checkpoint-dir", " ", "--input-dir", "/in").startsWith("required"));
  }

  @Test
  void noInput() {
    assertEquals("no input: give --input-dir DIR, --socket HOST:PORT, --kafka-bootstrap with --kafka-topics and/or "
        + "--generate rate=N",
        refused("input-dir", "--checkpoint-dir", "/cp"));
  }

  @Test
  void blankInputDirOrStopFile() {
    assertEquals("must not be empty", refused("input-dir", "--checkpoint-dir", "/cp", "--input-dir="));
    assertEquals("must not be empty", refused("input-dir", "--checkpoint-dir", "/cp", "--input-dir", " ",
        "--socket", "h:1"));
    assertTrue(refused("stop-file", with("--stop-file", "")).startsWith("must not be empty"));
  }

  @Test
  void badBatch() {
    assertEquals("'fast' is not a duration (use e.g. 500ms, 10s, 5m or 5min, 24h, 7d)", refused("batch", with("--batch", "fast")));
    assertEquals("must be positive", refused("batch", with("--batch", "0")));
    assertEquals("'999999999999d' is too long a duration", refused("batch", with("--batch", "999999999999d")));
  }

  @Test
  void windowNotAMultipleOfTheBatch() {
    assertEquals("7s/3s: length 7s is not a multiple of the batch interval 2s",
        refused("window", with("--batch", "2s", "--window", "7s/3s")));
    assertEquals("8s/3s: slide 3s is not a multiple of the batch interval 2s",
        refused("window", with("--batch", "2s", "--window", "8s/3s")));
    assertEquals("30s/10s: slide 10s is not a multiple of the batch interval 3s",
        refused("window", with("--batch", "3s")), "the default window is checked too");
  }

  @Test
  void slideLongerThanTheWindow() {
    assertEquals("4s/8s: slide is longer than the window, so events between windows would be missed",
        refused("window", with("--window", "4s/8s")));
  }

  @Test
  void duplicateWindow() {
    assertEquals("30000ms/10s: given twice", refused("window", with("--window", "30s/10s", "--window", "30000ms/10s")));
  }

  @Test
  void malformedWindow() {
    assertEquals("'30s' is not LENGTH/SLIDE (e.g. 30s/10s)", refused("window", with("--window", "30s")));
    assertEquals("'0/2s': length and slide must be positive", refused("window", with("--window", "0/2s")));
    assertEquals("'999999999999d' is too long a duration", refused("window", with("--window", "999999999999d/10s")));
  }

  @Test
  void badSocket() {
    assertEquals("'localhost' is not HOST:PORT", refused("socket", with("--socket", "localhost")));
    assertEquals("':9999' is not HOST:PORT", refused("socket", with("--socket", ":9999")));
    assertEquals("'h:' is not HOST:PORT", refused("socket", with("--socket", "h:")));
    assertEquals("'h:http': port is not a number", refused("socket", with("--socket", "h:http")));
    assertEquals("'h:0': port must be 1..65535", refused("socket", with("--socket", "h:0")));
    assertEquals("'h:65536': port must be 1..65535", refused("socket", with("--socket", "h:65536")));
  }

  @Test
  void unknownOption() {
    assertEquals("unknown option (see --help)", refused("bogus", with("--bogus", "1")));
    assertEquals("unknown option (see --help)", refused("windows", with("--windows=30s/10s")));
  }

  @Test
  void strayArgument() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(with("extra")));
    assertTrue(e.getMessage().startsWith("--" + e.option() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected argument 'extra'"), e.getMessage());
  }

  @Test
  void optionMissingItsValue() {
    assertEquals("needs a value: DURATION", refused("batch", with("--batch")));
    assertEquals("needs a value: DIR", refused("input-dir", "--checkpoint-dir", "/cp", "--input-dir"));
    assertEquals("needs a value: DIR", refused("input-dir", "--input-dir", "--checkpoint-dir", "/cp"));
    assertEquals("needs a value: DIR", refused("checkpoint-dir", "--checkpoint-dir", "--socket=h:1"));
    assertEquals("needs a value: KEY=VALUE", refused("conf", with("--conf")));
  }

  @Test
  void nonRepeatableOptionGivenTwice() {
    assertEquals("given twice", refused("batch", with("--batch", "1s", "--batch", "2s")));
    assertEquals("given twice", refused("checkpoint-dir", with("--checkpoint-dir=/other")));
  }

  @Test
  void badConf() {
    assertEquals("'spark.ui.enabled' is not KEY=VALUE", refused("conf", with("--conf", "spark.ui.enabled")));
    assertEquals("'=x' is not KEY=VALUE", refused("conf", with("--conf", "=x")));
  }

  @Test
  void badFormat() {
    assertEquals("'xml' is not one of text, csv, json", refused("format", with("--format", "xml")));
  }

  @Test
  void valuesOrColumnsWithTextFormat() {
    assertEquals("has no meaning with --format text (every word counts 1)", refused("values", with("--values", "cost")));
    assertEquals("has no meaning with --format text (every word counts 1)",
        refused("csv-columns", with("--csv-columns", "key,cost")));
  }

  @Test
  void csvValuesNotAmongTheColumns() {
    // The columns are what the line holds, so the list that lacks the field is the one named.
    assertEquals("value field 'clicks' is not one of the CSV columns [key, cost]",
        refused("csv-columns", with("--format", "csv", "--csv-columns", "key,cost", "--values", "cost,clicks")));
    assertEquals("key field 'campaign' is not one of the CSV columns [key, cost]",
        refused("csv-columns", with("--format", "csv", "--csv-columns", "key,cost", "--key", "campaign")));
  }

  @Test
  void valueFieldNamedTwiceOrTheKey() {
    assertEquals("value field 'key' is named twice or is the key",
        refused("values", with("--format", "json", "--values", "cost,key")));
    assertEquals("value field 'cost' is named twice or is the key",
        refused("values", with("--format", "json", "--values", "cost,clicks,cost")));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      many.add("v" + i);
    }
    assertEquals("at most 16 value fields",
        refused("values", with("--format", "json", "--values", String.join(",", many))));
  }

  @Test
  void badCsvDelimiter() {
    assertEquals("'ab' is not a single character", refused("csv-delimiter", with("--format", "csv", "--csv-delimiter", "ab")));
    assertEquals("the CSV delimiter cannot be the quote character",
        refused("csv-delimiter", with("--format", "csv", "--csv-delimiter", "\"")));
  }

  @Test
  void emptyKey() {
    assertEquals("must not be empty", refused("key", with("--format", "json", "--key", " ")));
  }

  @Test
  void numbersOutOfRange() {
    assertEquals("10 is outside 0..9", refused("decimals", with("--decimals", "10")));
    assertEquals("-1 is outside 0..9", refused("decimals", with("--decimals", "-1")));
    assertEquals("'two' is not a whole number", refused("decimals", with("--decimals", "two")));
    assertEquals("0 is outside 1..10000", refused("top", with("--top", "0")));
    assertEquals("0 is outside 1..100000", refused("partitions", with("--partitions", "0")));
    assertEquals("0 is outside 1..67108864", refused("max-line-length", with("--max-line-length", "0")));
    assertEquals("0 is outside 1..512", refused("max-key-length", with("--max-key-length", "0")));
    assertEquals("513 is outside 1..512", refused("max-key-length", with("--max-key-length", "513")));
    assertEquals("'1k' is not a whole number", refused("max-reject-raw", with("--max-reject-raw", "1k")));
  }

  @Test
  void stateTtlShorterThanTheBatch() {
    assertEquals("must be 0 (never evict) or at least the batch interval", refused("state-ttl", with("--state-ttl", "1s")));
  }

  @Test
  void checkpointIntervalNotAMultipleOfTheBatch() {
    assertEquals("must be a positive multiple of the batch interval 2s",
        refused("checkpoint-interval", with("--checkpoint-interval", "3s")));
    assertEquals("must be a positive multiple of the batch interval 2s",
        refused("checkpoint-interval", with("--checkpoint-interval", "0")));
  }

  @Test
  void otherSink() {
    assertEquals("'kafka' is not a sink; use jdbc, console or jdbc,console", refused("sink", with("--sink", "kafka")));
  }

  @Test
  void localMasterNeedsACoreMoreThanTheSockets() throws Exception {
    assertEquals("local[1] has 1 core(s) but 1 socket receiver(s) each hold one: use local[2] or more",
        refused("master", "--checkpoint-dir", "/cp", "--socket", "h:1", "--master", "local[1]"));
    assertEquals("local has 1 core(s) but 1 socket receiver(s) each hold one: use local[2] or more",
        refused("master", "--checkpoint-dir", "/cp", "--socket", "h:1", "--master", "local"));
    assertEquals("local[2] has 2 core(s) but 2 socket receiver(s) each hold one: use local[3] or more",
        refused("master", "--checkpoint-dir", "/cp", "--socket", "h:1", "--socket", "h:2"));
    assertEquals(2, parse("--checkpoint-dir", "/cp", "--socket", "h:1", "--socket", "h:2", "--master", "local[3]")
        .sockets().size());
    assertEquals("local[1]", parse(with("--master", "local[1]")).master(), "files need no receiver core");
  }

  @Test
  void submittedMasterOverridesTheFlag() throws Exception {
    assertEquals("local[1] has 1 core(s) but 1 socket receiver(s) each hold one: use local[2] or more",
        refusedUnderMaster("master", "local[1]", "--checkpoint-dir", "/cp", "--socket", "h:1", "--master", "local[4]"));
    TallyConfig c = TallyConfig.parse(
        new String[] {"--checkpoint-dir", "/cp", "--socket", "h:1", "--master", "local[1]"}, "spark://host:7077");
    assertEquals("local[1]", c.master(), "the flag is kept for when spark-submit sets none");
  }

  @Test
  void localCores() {
    assertEquals(1, CrossChecks.localCores("local"));
    assertEquals(4, CrossChecks.localCores("local[4]"));
    assertEquals(4, CrossChecks.localCores(" local[4,3] "));
    assertEquals(Runtime.getRuntime().availableProcessors(), CrossChecks.localCores("local[*]"));
    assertEquals(-1, CrossChecks.localCores("spark://host:7077"));
    assertEquals(-1, CrossChecks.localCores("yarn"));
    assertEquals(-1, CrossChecks.localCores("local-cluster[2,1,1024]"));
    assertEquals(-1, CrossChecks.localCores(null));
  }

  // ---- help ----

  @ParameterizedTest
  @EnumSource(Option.class)
  void usageListsEveryOptionWithItsDefault(Option o) {
    Matcher line = Pattern.compile("(?m)^  --" + Pattern.quote(o.id()) + "(?: .*)?$").matcher(Option.usage());
    assertTrue(line.find(), "no line for --" + o.id());
    String text = line.group();
    assertFalse(line.find(), "two lines for --" + o.id());
    if (o.takesValue()) {
      assertTrue(text.startsWith("  --" + o.id() + " " + o.argument()), text);
    }
    assertTrue(text.contains(o.help()), text);
    if (o.defaultValue() != null && !o.defaultValue().isEmpty()) {
      assertTrue(text.endsWith("[default: " + o.defaultValue() + "]"), text);
    } else {
      assertFalse(text.contains("[default:"), text);
    }
    assertEquals(o, Option.byId(o.id()));
  }

  @Test
  void usageShowsTheDefaultsUsersRelyOn() {
    String usage = Option.usage();
    assertTrue(usage.contains("[default: 2s]"), usage);
    assertTrue(usage.contains("[default: 30s/10s]"), usage);
    assertTrue(usage.contains("[default: local[2]]"), usage);
    assertEquals(null, Option.byId("nope"));
  }
}
