package dev.tally.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's events against the topic's values. */
class GeneratorLogTest {
  @TempDir Path tmp;

  @Test
  void eventsMissingFromTheTopicHeldTwiceOrNeverLoggedAreCountedApart() throws Exception {
    Path log = Files.write(tmp.resolve("log"), List.of("e1,a,1", "e2,b,2", "e3,a,3", "e4,c,4", "e5,a,5"));
    GeneratorLog generator = new GeneratorLog();
    for (String value : new String[] {"e1,a,1", "e3,a,3", "e3,a,3", "e3,a,3", "e5,a,5", "e9,z,9", null}) {
      generator.topicValue(value);
    }
    GeneratorLog.Result r = generator.compare(log);
    assertEquals(5, r.logged());
    assertEquals(2, r.missing());
    assertEquals(List.of("e2,b,2", "e4,c,4"), r.missingExamples(), "in the log's order");
    assertEquals(2, r.extraCopies(), "e3 three times: two copies too many");
    assertEquals(List.of("e3,a,3"), r.extraCopyExamples());
    assertEquals(2, r.notLogged(), "e9 and the empty value");
  }

  @Test
  void anEventLoggedTwiceIsExpectedTwice() throws Exception {
    Path log = Files.write(tmp.resolve("log"), List.of("same", "same"));
    GeneratorLog generator = new GeneratorLog();
    generator.topicValue("same");
    GeneratorLog.Result r = generator.compare(log);
    assertEquals(1, r.missing());
    assertEquals(0, r.extraCopies());
  }

  @Test
  void similarLinesHashApart() {
    Set<Long> hashes = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      hashes.add(GeneratorLog.hash(String.format("e%06d,k%d,%d.%02d", i, i % 7, i % 100, i % 97)));
    }
    assertEquals(200_000, hashes.size());
    assertNotEquals(GeneratorLog.hash("ab"), GeneratorLog.hash("ba"));
  }
}
