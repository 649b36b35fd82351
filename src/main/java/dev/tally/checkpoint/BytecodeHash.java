package dev.tally.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * SHA-256 of a class's bytecode without the attributes only debuggers read (line numbers, local
 * variable names): a changed method body changes the hash, an edited comment or Javadoc, which only
 * shifts line numbers, does not. Walks the class file format (JVMS chapter 4) just far enough to
 * leave those attributes out.
 */
public final class BytecodeHash {
  private static final Set<String> DEBUG_ONLY = Set.of("LineNumberTable", "LocalVariableTable", "LocalVariableTypeTable");

  private final ByteBuffer in;
  private final MessageDigest digest;
  private String[] utf8;

  private BytecodeHash(byte[] classFile) {
    this.in = ByteBuffer.wrap(classFile);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The hash of a loaded class, read from its class loader (a jar or a classes directory). */
  public static String of(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no bytecode found for " + type.getName());
      }
      return of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bytecode of " + type.getName(), e);
    }
  }

  /** The hash of a class file's bytes, in lower-case hex. */
  public static String of(byte[] classFile) {
    try {
      return new BytecodeHash(classFile).hash();
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a class file: it ends early", e);
    }
  }

  private String hash() {
    if (in.getInt() != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    in.getShort(); // minor version
    in.getShort(); // major version
    readConstantPool();
    keep(0, in.position()); // header and constant pool, as they are
    int start = in.position();
    in.position(start + 6); // access flags, this class, super class
    skip(2 * u2()); // interfaces
    keep(start, in.position() - start);
    members(); // fields
    members(); // methods
    attributes();
    return HexFormat.of().formatHex(digest.digest());
  }

  private void readConstantPool() {
    int count = u2();
    utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.get() & 0xFF;
      switch (tag) {
        case 1 -> { // Utf8: attribute names are ASCII, so Latin-1 is enough to compare them
          int length = u2();
          byte[] bytes = new byte[length];
          in.get(bytes);
          utf8[i] = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        case 7, 8, 16, 19, 20 -> skip(2); // Class, String, MethodType, Module, Package
        case 15 -> skip(3); // MethodHandle
        case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
        case 5, 6 -> { // Long and Double take two entries
          skip(8);
          i++;
        }
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
  }

  /** Fields or methods: count, then each one's flags, name, descriptor and attributes. */
  private void members() {
    int start = in.position();
    int count = u2();
    keep(start, 2);
    for (int i = 0; i < count; i++) {
      keep(in.position(), 6);
      skip(6);
      attributes();
    }
  }

  /** Attributes minus the debug-only ones; a Code attribute is walked for its own nested ones. */
  private void attributes() {
    int count = u2();
    for (int i = 0; i < count; i++) {
      int start = in.position();
      String name = utf8[u2()];
      int length = in.getInt();
      int end = in.position() + length;
      if (DEBUG_ONLY.contains(name)) {
        in.position(end);
      } else if ("Code".equals(name)) {
        keep(start, 2); // the name, not the length: it counts the debug attributes left out
        int body = in.position();
        skip(4); // max stack, max locals
        skip(in.getInt()); // the code
        skip(8 * u2()); // exception table
        keep(body, in.position() - body);
        attributes();
        in.position(end);
      } else {
        keep(start, 6 + length);
        in.position(end);
      }
    }
  }

  private void keep(int offset, int length) {
    digest.update(in.array(), offset, length);
  }

  private int u2() {
    return in.getShort() & 0xFFFF;
  }

  private void skip(int bytes) {
    in.position(in.position() + bytes);
  }
}
