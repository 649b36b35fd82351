package dev.tally.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private FileSystem fs; // null for local files read by the guard, until fs() is asked for
  private final Path root;
  private final java.nio.file.Path localRoot; // set when the guard reads local files itself

  /** One generation: its number (0 for the directory itself) and its directory. */
  public record Generation(int number, Path dir) {
    public String name() {
      return number == 0 ? "the directory itself" : String.format("gen-%04d", number);
    }
  }

  private CheckpointGenerations(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
    this.localRoot = null;
  }

  private CheckpointGenerations(java.nio.file.Path localRoot) {
    this.localRoot = localRoot.toAbsolutePath().normalize();
    this.root = new Path("file", null, this.localRoot.toString());
  }

  /**
   * The generations as the checkpoint guard reads them before every start. A local directory is read
   * with java.nio: Hadoop's file system classes initialise logging and configuration, which takes
   * seconds, and a refused start should exit within one. Anything else goes through Hadoop.
   *
   * @param sparkSettings Spark's settings ({@code spark.hadoop.*} reach Hadoop)
   */
  public static CheckpointGenerations forGuard(String checkpointDir, Map<String, String> sparkSettings)
      throws IOException {
    URI uri = URI.create(checkpointDir.replace(" ", "%20"));
    boolean local = "file".equals(uri.getScheme())
        || uri.getScheme() == null && !sparkSettings.containsKey("spark.hadoop.fs.defaultFS")
            && CheckpointGenerations.class.getClassLoader().getResource("core-site.xml") == null;
    if (!local) {
      return of(checkpointDir, hadoopConf(sparkSettings));
    }
    return new CheckpointGenerations(uri.getScheme() == null ? java.nio.file.Path.of(checkpointDir)
        : java.nio.file.Path.of(uri.getPath()));
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
  public static Configuration hadoopConf(Map<String, String> sparkSettings) {
    Configuration hadoop = new Configuration();
    String prefix = "spark.hadoop.";
    sparkSettings.forEach((name, value) -> {
      if (name.startsWith(prefix)) {
        hadoop.set(name.substring(prefix.length()), value);
      }
    });
    return hadoop;
  }

  public static Configuration hadoopConf(SparkConf conf) {
    return hadoopConf(settingsOf(conf));
  }

  /** Spark's settings as a map. */
  public static Map<String, String> settingsOf(SparkConf conf) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (Tuple2<String, String> setting : conf.getAll()) {
      settings.put(setting._1(), setting._2());
    }
    return settings;
  }

  /** Hadoop's file system of the checkpoint (created on first use for a directory the guard read locally). */
  public FileSystem fs() throws IOException {
    if (fs == null) {
      fs = new LocalFileSystem();
      fs.initialize(URI.create("file:///"), new Configuration());
    }
    return fs;
  }

  /** The {@code --checkpoint-dir}, fully qualified. */
  public Path root() {
    return root;
  }

  /** The existing generations, oldest first. */
  public List<Generation> list() throws IOException {
    List<Generation> generations = new ArrayList<>();
    if (!exists(root)) {
      return generations;
    }
    if (hasCheckpoint(root)) {
      generations.add(new Generation(0, root));
    }
    for (Entry entry : entries(root)) {
      Matcher m = GENERATION.matcher(entry.name());
      if (entry.directory() && m.matches()) {
        generations.add(new Generation(Integer.parseInt(m.group(1)), new Path(root, entry.name())));
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
    if (!exists(dir)) {
      return false;
    }
    for (Entry entry : entries(dir)) {
      if (!entry.directory() && CHECKPOINT_FILE.matcher(entry.name()).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text of file {@code name} in {@code dir}, if there is one. A file with a Hadoop checksum
   * beside it ({@code .NAME.crc}, as Hadoop's local file system writes) is checked against it.
   *
   * @throws IllegalArgumentException when the checksum does not match: edited or damaged
   */
  public Optional<String> readText(Path dir, String name) throws IOException {
    if (localRoot == null) {
      return Fingerprint.readText(fs, dir, name);
    }
    java.nio.file.Path file = local(dir).resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(file);
    java.nio.file.Path crc = file.resolveSibling("." + name + ".crc");
    if (Files.isRegularFile(crc) && !HadoopChecksum.matches(Files.readAllBytes(crc), bytes)) {
      throw new IllegalArgumentException("its checksum does not match: edited or damaged");
    }
    return Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  private record Entry(String name, boolean directory) {}

  private boolean exists(Path path) throws IOException {
    return localRoot == null ? fs.exists(path) : Files.exists(local(path));
  }

  private List<Entry> entries(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (localRoot == null) {
      for (FileStatus status : fs.listStatus(dir)) {
        entries.add(new Entry(status.getPath().getName(), status.isDirectory()));
      }
      return entries;
    }
    try (java.util.stream.Stream<java.nio.file.Path> listed = Files.list(local(dir))) {
      listed.forEach(p -> entries.add(new Entry(p.getFileName().toString(), Files.isDirectory(p))));
    }
    return entries;
  }

  private static java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(path.toUri());
  }

  /**
   * Removes a generation that a failed start created and Spark never checkpointed into, so that the
   * next plain start does not take it for the newest. Returns true when it was removed.
   */
  public boolean removeIfNeverCheckpointed(Generation generation) throws IOException {
    if (generation.number() == 0 || hasCheckpoint(generation.dir()) || !exists(generation.dir())) {
      return false;
    }
    if (localRoot == null) {
      return fs.delete(generation.dir(), true);
    }
    try (java.util.stream.Stream<java.nio.file.Path> tree = Files.walk(local(generation.dir()))) {
      for (java.nio.file.Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return true;
  }
}
