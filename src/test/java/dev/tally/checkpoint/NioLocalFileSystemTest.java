package dev.tally.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system Tally checkpoints with: the same files, checksums and permissions as Hadoop's,
 * without a process started per file (seen through the JVM's own record of process starts).
 */
class NioLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  /** What writing a checkpoint-like tree does: directories, files, their .crc files, a rename. */
  private static void writeTree(FileSystem fs, Path root) throws IOException {
    fs.mkdirs(new Path(root, "rdd-7"));
    for (int i = 0; i < 3; i++) {
      try (OutputStream out = fs.create(new Path(root, "rdd-7/part-0000" + i))) {
        out.write(("partition " + i).getBytes());
      }
    }
    try (OutputStream out = fs.create(new Path(root, "temp"))) {
      out.write(42);
    }
    fs.rename(new Path(root, "temp"), new Path(root, "checkpoint-1000"));
    fs.setPermission(new Path(root, "checkpoint-1000"), new FsPermission((short) 0640));
  }

  private static List<String> processesStartedWhile(IoAction action) throws Exception {
    java.nio.file.Path file = Files.createTempFile("process-starts", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart").withStackTrace();
      recording.start();
      action.run();
      recording.stop();
      recording.dump(file);
      List<String> commands = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        commands.add(event.getString("command"));
      }
      return commands;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private interface IoAction {
    void run() throws Exception;
  }

  private static FileSystem fileSystem(Class<? extends FileSystem> type) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", type.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(java.net.URI.create("file:///"), conf);
    assertEquals(type, fs.getClass());
    return fs;
  }

  @Test
  void writesTheSameTreeWithTheSamePermissionsWithoutStartingAProcess() throws Exception {
    java.nio.file.Path hadoops = dir.resolve("hadoop");
    java.nio.file.Path ours = dir.resolve("nio");
    try (FileSystem hadoop = fileSystem(LocalFileSystem.class); FileSystem nio = fileSystem(NioLocalFileSystem.class)) {
      List<String> byHadoop = processesStartedWhile(() -> writeTree(hadoop, new Path(hadoops.toUri())));
      List<String> byNio = processesStartedWhile(() -> writeTree(nio, new Path(ours.toUri())));

      assertTrue(byHadoop.size() >= 5, "the control: Hadoop's own forks a chmod per file, got " + byHadoop);
      assertEquals(List.of(), byNio, "no process started");
    }
    List<String> hadoopTree = listing(hadoops);
    assertEquals(hadoopTree, listing(ours), "the same files, checksums and permissions");
    assertTrue(hadoopTree.contains("checkpoint-1000 rw-r-----"), hadoopTree.toString());
    assertTrue(hadoopTree.contains("rdd-7/.part-00000.crc rw-r--r--"), hadoopTree.toString());
  }

  private static List<String> listing(java.nio.file.Path root) throws IOException {
    List<String> entries = new ArrayList<>();
    try (var paths = Files.walk(root)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) paths.sorted()::iterator) {
        if (!p.equals(root)) {
          Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
          entries.add(root.relativize(p) + " " + java.nio.file.attribute.PosixFilePermissions.toString(permissions));
        }
      }
    }
    return entries;
  }

  @Test
  void aStickyBitIsLeftToHadoop() throws Exception {
    try (FileSystem nio = fileSystem(NioLocalFileSystem.class)) {
      Path shared = new Path(dir.resolve("shared").toUri());
      nio.mkdirs(shared);
      nio.setPermission(shared, new FsPermission((short) 01777));
      assertEquals(01777, nio.getFileStatus(shared).getPermission().toShort());
    }
  }
}
