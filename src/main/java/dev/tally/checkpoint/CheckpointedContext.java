package dev.tally.checkpoint;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.api.java.function.Function0;
import scala.collection.JavaConverters;

/**
 * {@code getOrCreate}, made safe for a restart that has old batches to catch up.
 *
 * <p>Spark names each checkpoint file after the newest batch time its writer has seen in this JVM,
 * and recovery reads the file with the newest name. A recovered driver's writer starts with none, so
 * the checkpoints written as its re-run (older) batches complete get older names than the file it
 * recovered from: recovery would still pick that file. Meanwhile Spark's clean-up deletes the RDD
 * checkpoint files those completed batches no longer need, some of which that file still names. A
 * crash before the first new batch is checkpointed then leaves a checkpoint that cannot be restored
 * ("Checkpoint directory does not exist: .../rdd-N"), found by the fault drill after repeated kills
 * during catch-up. Here the recovered writer starts from the newest name on disk, so each checkpoint it
 * writes replaces that file before anything is cleaned up.
 *
 * <p>It also stops the Java options that Spark adds at every start from piling up in the checkpoint
 * from restart to restart ({@link #keepOneCopyOfModuleOptions}).
 */
public final class CheckpointedContext {
  private static final class Log {
    static final org.apache.logging.log4j.Logger LOG =
        org.apache.logging.log4j.LogManager.getLogger(CheckpointedContext.class);
  }

  private CheckpointedContext() {}

  /**
   * The context recovered from {@code directory}, or a new one from {@code factory}. The checkpoint is read
   * with {@code sparkSettings}' {@code spark.hadoop.*} (credentials of an object store, the local file
   * system's class), where Spark's own overload reads it with those of the JVM's system properties only.
   */
  public static JavaStreamingContext getOrCreate(String directory, Function0<JavaStreamingContext> factory,
      Map<String, String> sparkSettings) {
    JavaStreamingContext jssc = JavaStreamingContext.getOrCreate(directory, factory,
        CheckpointGenerations.hadoopConf(sparkSettings));
    keepOneCopyOfModuleOptions(jssc.ssc().conf());
    if (jssc.ssc().isCheckpointPresent()) {
      continueNewestCheckpointName(jssc, directory);
    }
    return jssc;
  }

  /** The Java options that Spark's own Java 17 module options are put in front of. */
  static final List<String> JAVA_OPTIONS = List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions");

  /**
   * Every SparkContext puts Spark's own options (the Java 17 module options and
   * {@code -Djava.net.preferIPv6Addresses}) in front of the driver's and the executors' Java options,
   * also when those settings come from a checkpoint that already holds them. Each recovery would add
   * another 15 {@code --add-opens}; after 66 restarts the executors no longer start ("Property
   * count limit exceeded: jdk.module.addopens, limit=1000") and the job stalls, as the 100-kill drill
   * found. The live settings, which every checkpoint saves, keep one copy, so the next start adds
   * only its own; never none, as YARN and Kubernetes read them when they launch an executor.
   */
  static void keepOneCopyOfModuleOptions(SparkConf conf) {
    for (String key : JAVA_OPTIONS) {
      if (conf.contains(key)) {
        String options = conf.get(key);
        String once = withoutRepeatedPrefix(options);
        if (!once.equals(options)) {
          conf.set(key, once);
          Log.LOG.info("{}: kept one copy of the options Spark adds at every start ({} characters -> {})", key,
              options.length(), once.length());
        }
      }
    }
  }

  /**
   * {@code options} without leading repeats: while it starts with a block of whole options followed
   * by a blank and the same block again, one copy goes. Repeating an identical run of JVM options
   * changes nothing, so only redundancy is removed; the rest stays as written.
   */
  static String withoutRepeatedPrefix(String options) {
    String result = options;
    boolean shortened = true;
    while (shortened) {
      shortened = false;
      for (int blank = result.indexOf(' '); blank > 0; blank = result.indexOf(' ', blank + 1)) {
        int end = 2 * blank + 1; // block, blank, block
        if (end <= result.length() && (end == result.length() || result.charAt(end) == ' ')
            && result.regionMatches(blank + 1, result, 0, blank)) {
          result = result.substring(blank + 1);
          shortened = true;
          break;
        }
      }
    }
    return result;
  }

  private static void continueNewestCheckpointName(JavaStreamingContext jssc, String directory) {
    OptionalLong newest;
    try {
      newest = newestCheckpointName(directory, jssc.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      Log.LOG.warn("Cannot list the checkpoint files in {}: {}", directory, e.toString());
      return;
    }
    if (newest.isEmpty()) {
      return;
    }
    try {
      Object generator = jssc.ssc().scheduler().jobGenerator();
      Method writerOf = generator.getClass().getDeclaredMethod("checkpointWriter");
      writerOf.setAccessible(true);
      Object writer = writerOf.invoke(generator);
      Field latest = writer.getClass().getDeclaredField("org$apache$spark$streaming$CheckpointWriter$$latestCheckpointTime");
      latest.setAccessible(true);
      Time current = (Time) latest.get(writer);
      if (current == null || current.milliseconds() < newest.getAsLong()) {
        latest.set(writer, new Time(newest.getAsLong()));
      }
      Log.LOG.info("Checkpoints of re-run batches replace checkpoint-{}, the file this start recovered from",
          newest.getAsLong());
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Another Spark build: recovery still works, but a crash during catch-up may leave an
      // unrestorable checkpoint, as in plain Spark.
      Log.LOG.warn("Cannot make Spark's checkpoint writer continue the newest checkpoint name ({}); a crash "
          + "while old batches are re-run may leave a checkpoint that cannot be restored", e.toString());
    }
  }

  /** The batch time in the newest checkpoint file's name, as Spark's recovery orders them. */
  static OptionalLong newestCheckpointName(String directory, Configuration hadoop) throws IOException {
    Path dir = new Path(directory);
    FileSystem fs = dir.getFileSystem(hadoop);
    List<Path> files = JavaConverters.seqAsJavaList(Checkpoint.getCheckpointFiles(directory, scala.Option.apply(fs)));
    long newest = -1;
    for (Path file : files) {
      Matcher name = CheckpointGenerations.CHECKPOINT_FILE.matcher(file.getName());
      if (name.matches()) {
        newest = Math.max(newest, Long.parseLong(name.group(1)));
      }
    }
    return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
  }
}
