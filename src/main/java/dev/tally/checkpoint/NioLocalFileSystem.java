package dev.tally.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, checksum files included, that sets permissions through {@code java.nio}.
 * Without Hadoop's native library (Spark ships none) every file and directory it creates forks a
 * {@code chmod}: a job with 1 s batches checkpointing to a local directory forked 18 a second, part of
 * every batch's fixed cost. Tally makes it the {@code file:} implementation of a new checkpoint
 * ({@code spark.hadoop.fs.file.impl}); HDFS, S3 and other stores are untouched.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }

  static final class NioRawLocalFileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(path).toPath();
      if (permission.getStickyBit() || Files.getFileAttributeView(file,
          java.nio.file.attribute.PosixFileAttributeView.class) == null) {
        super.setPermission(path, permission); // a sticky bit, or no POSIX file system: Hadoop's own way
        return;
      }
      Files.setPosixFilePermissions(file, posix(permission));
    }

    static Set<PosixFilePermission> posix(FsPermission permission) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      return set;
    }

    private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
        PosixFilePermission write, PosixFilePermission execute) {
      if (action.implies(FsAction.READ)) {
        set.add(read);
      }
      if (action.implies(FsAction.WRITE)) {
        set.add(write);
      }
      if (action.implies(FsAction.EXECUTE)) {
        set.add(execute);
      }
    }
  }
}
