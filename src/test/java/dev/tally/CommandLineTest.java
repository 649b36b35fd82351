package dev.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One command line: run (the default), inspect, audit, ddl, --version; anything else is refused. */
class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int tally(String... args) {
    return Tally.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void versionNamesTheBuildAndItsCheckpointedCode() {
    assertEquals(0, tally("--version"));
    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.matches("tally \\d+\\.\\d+\\.\\d+\\S* \\(checkpointed code [0-9a-f]{12}; for Spark 3\\.5, Scala 2\\.12; "
        + "Java 17\\S*\\)"), line);
  }

  @Test
  void anUnknownCommandIsOneLineAndExit2() {
    assertEquals(2, tally("start", "--checkpoint-dir", "/tmp/x"));
    assertEquals(List.of("tally: unknown command 'start': run (the default), inspect, audit, ddl, --version"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void runIsTheDefaultAndCanBeNamed() {
    assertEquals(2, tally("run", "--batch", "2s"));
    assertEquals(2, tally("--batch", "2s"));
    assertEquals(List.of("tally: --checkpoint-dir: required: the directory the job keeps its state in and recovers from",
        "tally: --checkpoint-dir: required: the directory the job keeps its state in and recovers from"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void auditAndInspectAreSubcommands() {
    assertEquals(2, tally("audit", "--no-such-option"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tally audit: "), err.toString(StandardCharsets.UTF_8));
    assertEquals(0, tally("inspect", "--help"));
  }
}
