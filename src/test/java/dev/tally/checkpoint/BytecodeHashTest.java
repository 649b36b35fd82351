package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.checkpointed.AddMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytecode hash sees changed code and ignores what only moves line numbers. */
class BytecodeHashTest {
  private static final String BODY = "public final class Adder implements java.io.Serializable {\n"
      + "  private static final long serialVersionUID = 1L;\n"
      + "  public long add(long a, long b) {\n"
      + "    long sum = a + b;\n"
      + "    return sum;\n"
      + "  }\n"
      + "}\n";

  @TempDir Path tmp;

  /** Compiles one source with javac (debug information on, as Maven compiles) and returns Adder.class. */
  private byte[] compile(String name, String source) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Path file = Files.writeString(dir.resolve("Adder.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    assertEquals(0, javac.run(null, null, null, "-g", "-d", dir.toString(), file.toString()));
    return Files.readAllBytes(dir.resolve("Adder.class"));
  }

  @Test
  void commentsAndJavadocThatShiftLinesDoNotChangeTheHash() throws Exception {
    byte[] plain = compile("plain", BODY);
    byte[] documented = compile("documented", "/**\n * Adds.\n *\n * More words.\n */\n"
        + BODY.replace("    long sum", "    // why: because\n\n    long sum"));
    assertFalse(Arrays.equals(plain, documented), "the line number tables differ");
    assertEquals(BytecodeHash.of(plain), BytecodeHash.of(documented));
  }

  @Test
  void aChangedMethodBodyChangesTheHashWithTheSameSerialVersionUid() throws Exception {
    byte[] plain = compile("plain", BODY);
    byte[] changed = compile("changed", BODY.replace("a + b", "a - b"));
    assertNotEquals(BytecodeHash.of(plain), BytecodeHash.of(changed));
    byte[] newField = compile("field", BODY.replace("  public long add", "  private long calls;\n  public long add"));
    assertNotEquals(BytecodeHash.of(plain), BytecodeHash.of(newField));
  }

  @Test
  void aLoadedClassHashesAsItsClassFile() throws Exception {
    byte[] bytes;
    try (var in = AddMetrics.class.getResourceAsStream("AddMetrics.class")) {
      bytes = in.readAllBytes();
    }
    assertEquals(BytecodeHash.of(bytes), BytecodeHash.of(AddMetrics.class));
    assertEquals(64, BytecodeHash.of(AddMetrics.class).length());
  }

  @Test
  void somethingElseIsNotAClassFile() {
    for (byte[] bytes : List.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA,
        (byte) 0xBE, 0, 0, 0, 61, 0, 9})) {
      assertThrows(IllegalArgumentException.class, () -> BytecodeHash.of(bytes));
    }
  }
}
