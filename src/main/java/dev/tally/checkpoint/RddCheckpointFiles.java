package dev.tally.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.DStream;
import scala.collection.JavaConverters;

/**
 * The RDD checkpoint files a metadata checkpoint names: the saved per-batch aggregates, window
 * slices and running-total state that recovery reads back. Recovery fails if any is missing, so
 * {@link #missing} tells whether a checkpoint can still be restored.
 */
public final class RddCheckpointFiles {
  private RddCheckpointFiles() {}

  /** Every RDD checkpoint file the checkpoint's graph refers to, by batch time (oldest first). */
  public static List<String> referencedBy(Checkpoint checkpoint) {
    Map<DStream<?>, Boolean> seen = new IdentityHashMap<>();
    for (DStream<?> output : checkpoint.graph().getOutputStreams()) {
      collect(output, seen);
    }
    TreeMap<Long, List<String>> byTime = new TreeMap<>();
    for (DStream<?> stream : seen.keySet()) {
      // Input streams keep other things here (Kafka offset ranges, file lists): only paths count.
      for (Map.Entry<Time, ?> entry : JavaConverters.mapAsJavaMap(stream.checkpointData().currentCheckpointFiles()).entrySet()) {
        if (entry.getValue() instanceof String file) {
          byTime.computeIfAbsent(entry.getKey().milliseconds(), t -> new ArrayList<>()).add(file);
        }
      }
    }
    List<String> files = new ArrayList<>();
    byTime.values().forEach(files::addAll);
    return files;
  }

  /** Those of {@code files} that no longer exist. */
  public static List<String> missing(FileSystem fs, List<String> files) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String file : files) {
      if (!fs.exists(new Path(file))) {
        missing.add(file);
      }
    }
    return missing;
  }

  private static void collect(DStream<?> stream, Map<DStream<?>, Boolean> seen) {
    if (seen.put(stream, Boolean.TRUE) != null) {
      return;
    }
    for (DStream<?> parent : JavaConverters.seqAsJavaList(stream.dependencies())) {
      collect(parent, seen);
    }
  }
}
