package dev.tally.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The batches that closed every event-time window (the end of a run until caught up), one empty file
 * per batch time in the checkpoint directory. The decision is made on the driver while the batch is
 * created, and written here before any of its outputs can run; a batch re-run after a crash, by any
 * later start, finds it and closes the same windows: the watermark never moves back.
 */
public final class ClosingBatches {
  static final String DIRECTORY = "tally-closing-batches";

  private final FileSystem fs;
  private final Path directory;
  /** The recorded batches, read once at start: only this driver adds any. */
  private final Set<Long> recorded = ConcurrentHashMap.newKeySet();

  private ClosingBatches(FileSystem fs, Path directory) {
    this.fs = fs;
    this.directory = directory;
  }

  /** The record of the checkpoint in {@code checkpointDir}, read now. */
  public static ClosingBatches of(String checkpointDir, Configuration hadoop) throws IOException {
    Path directory = new Path(checkpointDir, DIRECTORY);
    ClosingBatches batches = new ClosingBatches(directory.getFileSystem(hadoop), directory);
    if (batches.fs.exists(directory)) {
      for (FileStatus file : batches.fs.listStatus(directory)) {
        String name = file.getPath().getName();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
          batches.recorded.add(Long.parseLong(name));
        }
      }
    }
    return batches;
  }

  /** Whether batch {@code batchTimeMs} closed every window when it first ran. */
  public boolean closedEveryWindow(long batchTimeMs) {
    return recorded.contains(batchTimeMs);
  }

  /** Records that batch {@code batchTimeMs} closes every window; durable when this returns. */
  public void record(long batchTimeMs) {
    if (recorded.contains(batchTimeMs)) {
      return;
    }
    try {
      fs.mkdirs(directory);
      fs.create(new Path(directory, Long.toString(batchTimeMs)), true).close();
    } catch (IOException e) {
      // The batch must not run undecided: failing its creation stops the job, and a restart decides again.
      throw new UncheckedIOException("cannot record batch " + batchTimeMs + " as closing every window in " + directory, e);
    }
    recorded.add(batchTimeMs);
  }

  /**
   * Forgets the batches before {@code batchTimeMs}: after a graceful stop of a run that started then,
   * whose first batches re-ran whatever an earlier run left pending, so nothing before it can be re-run
   * again. The run's own records stay (its last checkpoint could still list one of its batches). A
   * record that cannot be deleted is harmless: it only decides a batch that is re-run.
   */
  public int forgetBefore(long batchTimeMs) throws IOException {
    int forgotten = 0;
    for (Long batch : Set.copyOf(recorded)) {
      if (batch < batchTimeMs && fs.delete(new Path(directory, Long.toString(batch)), false)) {
        recorded.remove(batch);
        forgotten++;
      }
    }
    return forgotten;
  }

  @Override
  public String toString() {
    return directory.toString();
  }
}
