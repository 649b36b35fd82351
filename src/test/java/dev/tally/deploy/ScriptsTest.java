package dev.tally.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.TallyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deploy/ scripts as a user runs them, on this build's classes (TALLY_PREBUILT with the test
 * classpath, so no jar is needed): signals sent to a script's pid reach the JVM, the demo counts
 * everything it feeds, --help starts nothing, Maven's messages carry no colour codes. Every process a
 * script starts is checked gone at the end, and killed by pid if it is not.
 */
class ScriptsTest {
  private static final Path REPO = Path.of("").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  void sigtermToTallyShStopsTheJvmGracefullyWithItsExitCode() throws Exception {
    try (TallyProcess script = script(Map.of(), "deploy/tally.sh", "--checkpoint-dir", dir.resolve("cp").toString(),
        "--generate", "rate=20,keys=5", "--batch", "1s", "--window", "2s/1s", "--sink", "console")) {
      List<ProcessHandle> started = new ArrayList<>();
      try {
        script.await("batch_time=\\S+ lines=", 120);
        started.addAll(tree(script.handle()));
        script.terminate(); // SIGTERM to the script's pid, as systemd or `kill $!` sends it
        assertEquals(0, script.waitForExit(90), script::output);
        assertTrue(script.output().contains("Stopped gracefully"), script::output);
        assertAllGone(started);
      } finally {
        killAll(started);
      }
    }
  }

  @Test
  void theDemoCountsEveryEventItFeedsAndStopsGracefullyOnSigterm() throws Exception {
    Path state = dir.resolve("local");
    try (TallyProcess demo = script(Map.of("TALLY_LOCAL_DIR", state.toString()), "deploy/run-local.sh")) {
      List<ProcessHandle> started = new ArrayList<>();
      try {
        demo.await("batch_time=\\S+ lines=", 120);
        Path inbox = state.resolve("inbox");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (files(inbox).size() < 3) { // the feeder starts after the first batch, one file every 2 s
          assertTrue(System.nanoTime() < deadline, "fewer than 3 files fed within 60 s:\n" + demo.output());
          Thread.sleep(500);
        }
        started.addAll(tree(demo.handle()));
        demo.terminate();
        assertEquals(0, demo.waitForExit(120), demo::output);
        assertTrue(demo.output().contains("Stopped gracefully"), demo::output);
        assertAllGone(started);

        long fed = 0;
        for (Path file : files(inbox)) {
          fed += Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).count();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + state.resolve("tally"), "tally", "");
            Statement s = c.createStatement()) {
          long counted = single(s, "SELECT COALESCE(SUM(event_count), 0) FROM tally_totals");
          long rejected = single(s, "SELECT COUNT(*) FROM tally_rejects");
          assertTrue(rejected > 0, "the feeder makes some malformed lines");
          assertEquals(fed, counted + rejected, "every line fed is an event or a reject:\n" + demo.output());
        }
      } finally {
        killAll(started);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/run-local.sh", "deploy/nc-demo.sh", "deploy/query.sh", "deploy/kafka.sh",
      "deploy/cluster.sh", "checkpoint-recovery/postgres.sh", "checkpoint-recovery/drill.sh"})
  void helpPrintsTheUsageAndStartsNothing(String name) throws Exception {
    Path state = dir.resolve("state");
    Map<String, String> env = Map.of("TALLY_LOCAL_DIR", state.toString(), "TALLY_KAFKA_DIR", state.toString(),
        "TALLY_CLUSTER_DIR", state.toString(), "TALLY_PG_DIR", state.toString(), "TALLY_DRILL_DIR", state.toString());
    try (TallyProcess script = script(env, name, "--help")) {
      assertEquals(0, script.waitForExit(30), script::output);
      assertTrue(script.output().contains(name.substring(name.indexOf('/') + 1)), script::output);
      assertFalse(Files.exists(state), "--help created " + state + ":\n" + script.output());
      assertEquals(List.of(), tree(script.handle()));
    }
  }

  @Test
  void queryWithoutSqlPrintsItsUsage() throws Exception {
    try (TallyProcess script = script(Map.of(), "deploy/query.sh")) {
      assertEquals(2, script.waitForExit(30), script::output);
      assertEquals("usage: deploy/query.sh SQL (one argument: quote the statement; --help for more)\n",
          script.output());
    }
  }

  @Test
  void mavenMessagesCarryNoColourCodes() throws Exception {
    Path project = Files.createDirectories(dir.resolve("empty"));
    try (TallyProcess maven = TallyProcess.startCommand(project, Map.of(), List.of("bash", "-c",
        "set -o pipefail; source \"$1\" && tally_mvn -o no-such-plugin:goal", "bash", REPO.resolve("deploy/lib.sh").toString()))) {
      assertEquals(1, maven.waitForExit(120), maven::output);
      assertTrue(maven.output().contains("[ERROR] No plugin found for prefix 'no-such-plugin'"), maven::output);
      assertFalse(maven.output().contains("\u001b"), maven::output);
    }
  }

  @Test
  void everyScriptRunsMavenThroughTallyMvn() throws IOException {
    List<String> direct = new ArrayList<>();
    for (Path script : scripts()) {
      List<String> lines = Files.readAllLines(script);
      for (int i = 0; i < lines.size(); i++) {
        String code = lines.get(i).replaceAll("#.*", "").replaceAll("\"[^\"]*\"", "\"\"");
        if (code.matches(".*(^|[\\s;(|&])mvn\\s.*") && !lines.get(i).contains("mvn -q -B -Dstyle.color=never \"$@\"")) {
          direct.add(REPO.relativize(script) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertEquals(List.of(), direct, "Maven outside tally_mvn leaves colour codes in the messages");
  }

  private TallyProcess script(Map<String, String> extraEnv, String name, String... args) throws IOException {
    Path classpath = dir.resolve("classpath.txt");
    Files.writeString(classpath, System.getProperty("java.class.path"));
    Map<String, String> env = new HashMap<>();
    env.put("TALLY_PREBUILT", "1");
    env.put("TALLY_JAR", REPO.resolve("target/classes").toString());
    env.put("TALLY_CLASSPATH_FILE", classpath.toString());
    env.putAll(extraEnv);
    List<String> command = new ArrayList<>(List.of("bash", REPO.resolve(name).toString()));
    command.addAll(List.of(args));
    return TallyProcess.startCommand(dir, env, command);
  }

  private static List<Path> scripts() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String folder : List.of("deploy", "checkpoint-recovery")) {
      try (Stream<Path> files = Files.list(REPO.resolve(folder))) {
        files.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(all::add);
      }
    }
    return all;
  }

  private static List<Path> files(Path inbox) throws IOException {
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(f -> f.getFileName().toString().startsWith("events-")).toList();
    }
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<ProcessHandle> tree(ProcessHandle root) {
    return root.descendants().filter(ProcessHandle::isAlive).toList();
  }

  private static void assertAllGone(List<ProcessHandle> started) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), started.stream().filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList(), "left running");
  }

  private static void killAll(List<ProcessHandle> started) {
    started.forEach(ProcessHandle::destroyForcibly);
  }
}
