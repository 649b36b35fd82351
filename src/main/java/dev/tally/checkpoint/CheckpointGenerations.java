package dev.tally.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The generations of one {@code --checkpoint-dir}: Spark checkpoints into {@code gen-0001},
 * {@code gen-0002}, ... below it, one per fresh start; a plain start takes the newest, so the
 * pointer is the names themselves and cannot go stale. Older generations stay for a rollback until
 * removed by hand. A directory holding Spark's checkpoint files itself (Tally before generations)
 * is generation 0. Works on any Hadoop file system (local, hdfs://, s3a://).
 */
public final class CheckpointGenerations {
  static final Pattern GENERATION = Pattern.compile("gen-(\\d{4,9})");
  static final Pattern CHECKPOINT_FILE = Pattern.compile("checkpoint-(\\d+)(\\.bk)?");

  private final FileSystem fs;
  private final Path root;

  /** One generation: its number (0 for the directory itself) and its directory. */
  public record Generation(int number, Path dir) {
    public String name() {
      return number == 0 ? "the directory itself" : String.format("gen-%04d", number);
    }
  }

  private CheckpointGenerations(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  public static CheckpointGenerations of(String checkpointDir, Configuration hadoopConf) throws IOException {
    Path root = new Path(checkpointDir);
    String scheme = root.toUri().getScheme() != null ? root.toUri().getScheme()
        : FileSystem.getDefaultUri(hadoopConf).getScheme();
    FileSystem fs;
    if ("file".equals(scheme)) {
      // Not through FileSystem.get: its user login (UGI) costs a few hundred milliseconds, and the
      // guard runs before every start. Local files need no login.
      fs = new LocalFileSystem();
      fs.initialize(URI.create("file:///"), hadoopConf);
    } else {
      fs = root.getFileSystem(hadoopConf);
    }
    return new CheckpointGenerations(fs, fs.makeQualified(root));
  }

  /**
   * The Hadoop configuration Spark gives its checkpoint code: {@code spark.hadoop.*} settings (for
   * example S3 credentials) over Hadoop's defaults, without starting Spark.
   */
  public static Configuration hadoopConf(SparkConf conf) {
    Configuration hadoop = new Configuration();
    String prefix = "spark.hadoop.";
    for (Tuple2<String, String> setting : conf.getAll()) {
      if (setting._1().startsWith(prefix)) {
        hadoop.set(setting._1().substring(prefix.length()), setting._2());
      }
    }
    return hadoop;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The {@code --checkpoint-dir}, fully qualified. */
  public Path root() {
    return root;
  }

  /** The existing generations, oldest first. */
  public List<Generation> list() throws IOException {
    List<Generation> generations = new ArrayList<>();
    if (!fs.exists(root)) {
      return generations;
    }
    if (hasCheckpoint(root)) {
      generations.add(new Generation(0, root));
    }
    for (FileStatus status : fs.listStatus(root)) {
      Matcher m = GENERATION.matcher(status.getPath().getName());
      if (status.isDirectory() && m.matches()) {
        generations.add(new Generation(Integer.parseInt(m.group(1)), status.getPath()));
      }
    }
    generations.sort(Comparator.comparingInt(Generation::number));
    return generations;
  }

  /** The generation a plain start uses: the newest, if any. */
  public Optional<Generation> newest() throws IOException {
    List<Generation> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The generation a fresh start creates: one after the newest ({@code gen-0001} in a new directory). */
  public Generation next() throws IOException {
    int number = newest().map(g -> g.number() + 1).orElse(1);
    return new Generation(number, new Path(root, new Generation(number, root).name()));
  }

  /**
   * True when {@code dir} holds a Spark checkpoint file, named as Spark names them
   * ({@code checkpoint-TIME}, or {@code checkpoint-TIME.bk} for the one before). Listed here, not
   * by Spark's {@code Checkpoint.getCheckpointFiles}, whose classes take longer to load than the
   * listing takes.
   */
  public boolean hasCheckpoint(Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return false;
    }
    for (FileStatus status : fs.listStatus(dir)) {
      if (status.isFile() && CHECKPOINT_FILE.matcher(status.getPath().getName()).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes a generation that a failed start created and Spark never checkpointed into, so that the
   * next plain start does not take it for the newest. Returns true when it was removed.
   */
  public boolean removeIfNeverCheckpointed(Generation generation) throws IOException {
    if (generation.number() == 0 || hasCheckpoint(generation.dir()) || !fs.exists(generation.dir())) {
      return false;
    }
    return fs.delete(generation.dir(), true);
  }
}
