package dev.tally.checkpoint;

import dev.tally.checkpoint.CheckpointGenerations.Generation;
import dev.tally.checkpoint.Fingerprint.ClassPrint;
import dev.tally.graph.TallyGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.Time;
import scala.collection.JavaConverters;

/**
 * Prints what a checkpoint directory holds: its generations, the newest one's files with sizes, its
 * latest checkpoint's batch time and pending batches (read with Spark's own reader), its fingerprint
 * compared with this build, and the size on disk. Only reads, so it may run beside the job.
 *
 * <pre>
 * tally inspect --checkpoint-dir DIR
 * java -cp 'tally.jar:$SPARK_HOME/jars/*' dev.tally.checkpoint.InspectCheckpoint --checkpoint-dir DIR
 * </pre>
 */
public final class InspectCheckpoint {
  private static final String USAGE = "usage: tally inspect --checkpoint-dir DIR";

  private final FileSystem fs;
  private final PrintStream out;

  private InspectCheckpoint(FileSystem fs, PrintStream out) {
    this.fs = fs;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Prints the report; returns 0, 2 for bad arguments or a missing directory, 1 when it cannot be read. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String dir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--checkpoint-dir") && i + 1 < args.length) {
        dir = args[++i];
      } else if (args[i].startsWith("--checkpoint-dir=")) {
        dir = args[i].substring("--checkpoint-dir=".length());
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        out.println(USAGE);
        return 0;
      } else {
        err.println("tally inspect: unexpected argument '" + args[i] + "'; " + USAGE);
        return 2;
      }
    }
    if (dir == null || dir.isBlank()) {
      err.println("tally inspect: --checkpoint-dir: required; " + USAGE);
      return 2;
    }
    SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit passes them
    try {
      CheckpointGenerations generations = CheckpointGenerations.of(dir, CheckpointGenerations.hadoopConf(conf));
      if (!generations.fs().exists(generations.root())) {
        err.println("tally inspect: --checkpoint-dir: " + generations.root() + " does not exist");
        return 2;
      }
      new InspectCheckpoint(generations.fs(), out).report(generations, conf);
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("tally inspect: cannot read " + dir + ": " + e);
      return 1;
    }
  }

  private void report(CheckpointGenerations generations, SparkConf conf) throws IOException {
    List<Generation> all = generations.list();
    out.println("Checkpoint directory " + generations.root() + ": " + all.size() + " generation(s)");
    for (Generation g : all) {
      ContentSummary size = fs.getContentSummary(g.dir());
      String role = g == all.get(all.size() - 1) ? "current: a plain start recovers it"
          : "kept for a rollback (remove it when no longer needed)";
      out.printf("  %-22s %6d files %12s  %s%n", g.name(), size.getFileCount(), bytes(size.getLength()), role);
    }
    if (all.isEmpty()) {
      out.println("  none yet: the next start creates " + generations.next().name());
    } else {
      Generation current = all.get(all.size() - 1);
      out.println();
      out.println("Current generation " + current.dir());
      files(current.dir());
      out.println();
      latestCheckpoint(current.dir(), conf);
      out.println();
      fingerprint(current.dir());
    }
    out.println();
    out.println("Total size on disk: " + bytes(fs.getContentSummary(generations.root()).getLength()));
  }

  /** The generation's entries: files with size and time, directories with their file count and size. */
  private void files(Path dir) throws IOException {
    FileStatus[] entries = fs.listStatus(dir);
    Arrays.sort(entries);
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (entry.isDirectory()) {
        ContentSummary size = fs.getContentSummary(entry.getPath());
        out.printf("  %-40s %6d files %12s  %s%n", name + "/", size.getFileCount(), bytes(size.getLength()), role(name, true));
      } else {
        out.printf("  %-40s %18s  %s  %s%n", name, bytes(entry.getLen()),
            Instant.ofEpochMilli(entry.getModificationTime()), role(name, false));
      }
    }
  }

  private static String role(String name, boolean directory) {
    if (name.equals(Fingerprint.FILE_NAME)) {
      return "Tally's fingerprint of this checkpoint";
    }
    if (name.startsWith("tally-seed-totals-")) {
      return "running totals read from the sink when this generation was created";
    }
    if (CheckpointGenerations.GENERATION.matcher(name).matches()) {
      return "a newer generation";
    }
    if (name.equals("receivedBlockMetadata")) {
      return "receiver block log (socket input)";
    }
    if (CheckpointGenerations.CHECKPOINT_FILE.matcher(name).matches()) {
      return name.endsWith(".bk") ? "the checkpoint before it, for the same batch" : "Spark's metadata checkpoint";
    }
    return directory ? "RDD checkpoints (running totals, windows, per-batch aggregates, watermark and event-time windows)" : "";
  }

  /** The newest checkpoint Spark can read, as Spark's recovery would pick it. */
  private void latestCheckpoint(Path dir, SparkConf conf) throws IOException {
    List<Path> files = new ArrayList<>(JavaConverters.seqAsJavaList(
        Checkpoint.getCheckpointFiles(dir.toString(), scala.Option.apply(fs))));
    if (files.isEmpty()) {
      out.println("Latest checkpoint: none (the job never completed a checkpoint here)");
      return;
    }
    for (int i = files.size() - 1; i >= 0; i--) {
      Path file = files.get(i);
      Checkpoint checkpoint;
      try (InputStream in = fs.open(file)) {
        checkpoint = Checkpoint.deserialize(in, conf);
      } catch (IOException | RuntimeException | LinkageError e) {
        out.println("Cannot read " + file.getName() + " with this build: " + e);
        continue;
      }
      out.println("Latest checkpoint: " + file.getName() + ", batch time " + time(checkpoint.checkpointTime())
          + "; batch interval " + checkpoint.graph().batchDuration().milliseconds() + " ms; " + files.size()
          + " checkpoint file(s)");
      Time[] pending = checkpoint.pendingTimes();
      out.println("Pending batches (re-run on recovery): " + (pending.length == 0 ? "none"
          : Arrays.stream(pending).sorted((a, b) -> Long.compare(a.milliseconds(), b.milliseconds()))
              .map(InspectCheckpoint::time).collect(Collectors.joining(", "))));
      List<String> needed = RddCheckpointFiles.referencedBy(checkpoint);
      List<String> missing = RddCheckpointFiles.missing(fs, needed);
      out.println("RDD checkpoint files it restores: " + needed.size() + (missing.isEmpty() ? ", all present"
          : ", " + missing.size() + " MISSING, so recovery from it fails: " + String.join(", ", missing)));
      return;
    }
    out.println("Latest checkpoint: none of the " + files.size() + " checkpoint files can be read by this build");
  }

  private void fingerprint(Path dir) throws IOException {
    Optional<String> text;
    try {
      text = Fingerprint.readText(fs, dir);
    } catch (IllegalArgumentException e) {
      out.println("Fingerprint: cannot be read (" + e.getMessage() + ")");
      return;
    }
    if (text.isEmpty()) {
      out.println("Fingerprint: none (written by Tally before the checkpoint guard; a start refuses it)");
      return;
    }
    out.println("Fingerprint (" + Fingerprint.FILE_NAME + "): " + againstThisBuild(text.get()));
    text.get().lines().forEach(line -> out.println("  " + line));
  }

  /** Compares the build part only: the settings of a start are not known here. */
  private static String againstThisBuild(String text) {
    Fingerprint stored;
    try {
      stored = Fingerprint.parse(text);
    } catch (IllegalArgumentException e) {
      return "cannot be read (" + e.getMessage() + ")";
    }
    List<ClassPrint> classes = TallyGraph.FINGERPRINTED.stream().map(ClassPrint::of).toList();
    List<String> changes = new Fingerprint(BuildInfo.version(), classes, stored.settings(), stored.inputs())
        .against(stored).build();
    return changes.isEmpty() ? "this build (Tally " + BuildInfo.version() + ") has the same version and classes"
        : "this build refuses it: " + String.join("; ", changes);
  }

  private static String time(Time time) {
    long ms = time.milliseconds();
    return ms + " (" + Instant.ofEpochMilli(ms) + ")";
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double value = n;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
