package dev.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.TallyProcess;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process contract: exit codes, graceful stop on SIGTERM and on the stop file, --help. */
class TallyProcessTest {
  @TempDir Path work;

  @Test
  void badWindowIsRefusedWithExitTwoBeforeAnythingStarts() throws Exception {
    Files.createDirectories(work.resolve("in"));
    try (TallyProcess tally = TallyProcess.start(work, "--checkpoint-dir", work.resolve("cp").toString(),
        "--input-dir", work.resolve("in").toString(), "--batch", "2s", "--window", "7s/3s")) {
      assertEquals(2, tally.waitForExit(60));
      String output = tally.output();
      assertEquals("tally: --window: 7s/3s: length 7s is not a multiple of the batch interval 2s", output.strip());
      assertTrue(Files.notExists(work.resolve("cp")), "nothing started, no checkpoint written");
    }
  }

  @Test
  void configurationErrorsReturnTwoWithOneLineNamingTheOption() {
    assertRefused("--checkpoint-dir", "--input-dir", "in");
    assertRefused("--batch", "--checkpoint-dir", "cp", "--input-dir", "in", "--batch", "fast");
    assertRefused("--socket", "--checkpoint-dir", "cp", "--socket", "localhost");
    assertRefused("--master", "--checkpoint-dir", "cp", "--socket", "127.0.0.1:9999", "--master", "local[1]");
    assertRefused("--bogus", "--checkpoint-dir", "cp", "--input-dir", "in", "--bogus", "1");
    assertRefused("--input-dir", "--checkpoint-dir", "cp", "--input-dir", work.resolve("missing").toString());
    assertRefused("--until-caught-up", "--checkpoint-dir", "cp", "--socket", "127.0.0.1:9999", "--until-caught-up");
    assertRefused("--until-caught-up", "--checkpoint-dir", "cp", "--generate", "rate=10", "--until-caught-up");
    assertRefused("--until-caught-up", "--checkpoint-dir", "cp", "--kafka-bootstrap", "127.0.0.1:9092",
        "--kafka-topics", "t", "--until-caught-up=maybe");
  }

  @Test
  void helpListsEveryOptionAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Tally.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, code);
    String help = out.toString(StandardCharsets.UTF_8);
    for (dev.tally.config.Option option : dev.tally.config.Option.values()) {
      assertTrue(help.contains("--" + option.id()), option.id());
    }
    assertTrue(help.contains("[default: 30s/10s]"));
  }

  @Test
  void checkConfigValidatesWithoutStartingAnything() throws IOException {
    Path inbox = Files.createDirectories(work.resolve("in"));
    Path checkpoint = work.resolve("cp");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Tally.run(new String[] {"--check-config", "--checkpoint-dir", checkpoint.toString(), "--input-dir",
        inbox.toString(), "--window", "10s/2s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertEquals("tally: configuration OK", out.toString(StandardCharsets.UTF_8).strip());
    assertTrue(Files.notExists(checkpoint), "a check starts nothing");

    code = Tally.run(new String[] {"--check-config", "--checkpoint-dir", checkpoint.toString(), "--input-dir",
        inbox.toString(), "--batch", "2s", "--window", "7s/3s"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("tally: --window: 7s/3s: length 7s"), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A socket job stopped by SIGTERM, logging as deploy/ configures it: a few calm lines, no ERROR, WARN
   * or stack trace, no wait for Spark's stop timeout, and the lines received since the last batch are
   * counted (drained into one more batch) rather than lost.
   */
  @Test
  void aGracefulStopOfASocketJobIsQuickQuietAndKeepsTheLastLines() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        TallyProcess tally = TallyProcess.start(work, Map.of(),
            List.of("-Dlog4j2.configurationFile=" + Path.of("deploy/conf/log4j2.properties").toAbsolutePath()),
            "--checkpoint-dir", work.resolve("cp").toString(), "--socket", "127.0.0.1:" + server.getLocalPort(),
            "--batch", "2s", "--window", "4s/2s", "--sink", "console", "--top", "3")) {
      server.setSoTimeout(120_000);
      try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
        tally.await("batch_time=\\S+ lines=", 120);
        out.write("fig\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        tally.await("^\\s+fig\\s+n=1\\s+\\(since", 60);
        out.write("fig fig\n".getBytes(StandardCharsets.UTF_8)); // received, in no batch yet at the signal
        out.flush();
        Thread.sleep(300); // one block interval: in the receiver, not on the wire
        long signalled = System.nanoTime();
        tally.terminate();
        assertEquals(0, tally.waitForExit(120), tally.output());
        long stopSeconds = (System.nanoTime() - signalled) / 1_000_000_000L;
        assertTrue(stopSeconds < 30, "stopped after " + stopSeconds + " s: waited for Spark's stop timeout");
      }
      String output = tally.output();
      String afterStop = output.substring(output.indexOf("Stop requested (SIGTERM)"));
      assertTrue(afterStop.contains("Stopped gracefully"), output);
      assertTrue(java.util.regex.Pattern.compile("^\\s+fig\\s+n=3\\s+\\(since", java.util.regex.Pattern.MULTILINE)
          .matcher(afterStop).find(), "the last line was counted before exit:\n" + output);
      List<String> noisy = afterStop.lines()
          .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.contains("Exception") || l.startsWith("\tat "))
          .toList();
      assertEquals(List.of(), noisy, output);
    }
  }

  @Test
  void sigtermFinishesTheBatchInFlightAndExitsZero() throws Exception {
    Path inbox = Files.createDirectories(work.resolve("inbox"));
    try (TallyProcess tally = startOn(inbox)) {
      tally.await("batch_time=\\S+ lines=0", 120); // the job is running
      moveIn(inbox, "first.txt", "apple apple banana\n");
      tally.await("^\\s+apple\\s+n=2\\b", 180);

      // Received but not yet processed when the signal arrives: a graceful stop still counts it.
      moveIn(inbox, "second.txt", "cherry cherry cherry\n");
      tally.terminate();
      assertEquals(0, tally.waitForExit(120), tally.output());
      String output = tally.output();
      assertTrue(output.contains("Stop requested (SIGTERM)"), output);
      assertTrue(output.contains("Stopped gracefully"), output);
      assertTrue(java.util.regex.Pattern.compile("^\\s+cherry\\s+n=3\\b", java.util.regex.Pattern.MULTILINE).matcher(output).find(),
          "the last file was counted before exit:\n" + output);
    }
  }

  @Test
  void restartingWithAnotherPoolSizeAndPasswordSourceKeepsTheState() throws Exception {
    Path inbox = Files.createDirectories(work.resolve("inbox"));
    try (TallyProcess first = startOn(inbox, Map.of("TALLY_JDBC_PASSWORD", "pw-1"), "--pool-size", "1")) {
      first.await("batch_time=\\S+ lines=0", 120);
      moveIn(inbox, "one.txt", "kiwi kiwi lime\n");
      first.await("^\\s+kiwi\\s+n=2\\b", 180);
      first.terminate();
      assertEquals(0, first.waitForExit(120), first.output());
    }
    assertEquals(List.of("kiwi=2", "lime=1"), totals("pw-1"));

    Path passwordFile = Files.writeString(work.resolve("password"), "pw-1\n");
    try (TallyProcess second = startOn(inbox, Map.of(), "--pool-size", "3", "--jdbc-password-file",
        passwordFile.toString())) {
      second.await("Recovered from the checkpoint", 120);
      second.await("batch_time=\\S+ lines=0", 120);
      moveIn(inbox, "two.txt", "kiwi\n");
      // After the batches missed while down, which a loaded machine takes a while to catch up with.
      second.await("^\\s+kiwi\\s+n=3\\b", 300);
      second.terminate();
      assertEquals(0, second.waitForExit(120), second.output());
      assertTrue(!second.output().contains("pw-1"), "the password is never logged");
    }
    assertEquals(List.of("kiwi=3", "lime=1"), totals("pw-1"), "the totals continued from the checkpoint");
  }

  @Test
  void stopFileStopsGracefullyWithExitZero() throws Exception {
    Path inbox = Files.createDirectories(work.resolve("inbox"));
    Path stopFile = Files.writeString(work.resolve("stop-now"), ""); // left over from an earlier stop
    try (TallyProcess tally = startOn(inbox, "--stop-file", stopFile.toString())) {
      tally.await("Removed the stop file", 60);
      tally.await("batch_time=\\S+ lines=0", 120); // and it keeps running
      Files.writeString(stopFile, "");
      assertEquals(0, tally.waitForExit(120), tally.output());
      assertTrue(tally.output().contains("Stop requested (stop file " + stopFile + ")"));
    }
  }

  private TallyProcess startOn(Path inbox, String... extra) throws IOException {
    return startOn(inbox, Map.of(), extra);
  }

  /** Tally on a directory, writing to an H2 database under the test's folder and to the console. */
  private TallyProcess startOn(Path inbox, Map<String, String> env, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--checkpoint-dir", work.resolve("checkpoint").toString(),
        "--input-dir", inbox.toString(), "--batch", "1s", "--window", "2s/1s", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--sink", "jdbc,console", "--jdbc-url", h2Url()));
    args.addAll(List.of(extra));
    return TallyProcess.start(work, env, args.toArray(new String[0]));
  }

  private String h2Url() {
    return "jdbc:h2:file:" + work.resolve("db").resolve("tally") + ";AUTO_SERVER=TRUE";
  }

  private List<String> totals(String password) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(h2Url(), "tally", password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT metric_key, event_count FROM tally_totals ORDER BY metric_key")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getLong(2));
      }
    }
    return rows;
  }

  private void moveIn(Path inbox, String name, String content) throws IOException {
    Path staged = Files.writeString(work.resolve(name), content);
    Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void assertRefused(String option, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Tally.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    assertTrue(message.startsWith("tally: " + option + ":"), message);
    assertEquals(1, message.strip().lines().count(), "one line: " + message);
  }
}
