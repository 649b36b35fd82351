package dev.tally.checkpoint;

import dev.tally.checkpoint.CheckpointGenerations.Generation;
import dev.tally.checkpoint.Fingerprint.Differences;
import dev.tally.checkpoint.Fingerprint.Drift;
import dev.tally.config.ConfigException;
import dev.tally.config.Option;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs before {@code getOrCreate}, without Spark: picks the checkpoint generation to start from and
 * compares its fingerprint with the running build and settings. Another build (version, a class
 * added, removed or changed), other inputs, or a checkpoint without fingerprint is refused, or with
 * {@code --on-checkpoint-change fresh-start} starts a new generation; settings that differ are
 * logged, and the checkpoint's apply.
 */
public final class CheckpointGuard {
  /** Initialised on first use: a start refused before anything runs does not pay for log4j. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(CheckpointGuard.class);
  }
  private static final int LISTED_CHANGES = 3;

  static final String UPGRADE = "To upgrade: make sure the old job stopped gracefully (SIGTERM or its --stop-file; "
      + "after a crash run the old build once and stop it so), then start this build with --"
      + Option.ON_CHECKPOINT_CHANGE.id() + " fresh-start (see checkpoint-recovery/README.md)";

  private CheckpointGuard() {}

  /**
   * Where to start: {@code generation}, recovering its checkpoint or creating one there; for a fresh
   * start, the generation it leaves behind ({@code replaced}).
   */
  public record Plan(Generation generation, boolean recovers, Optional<Generation> replaced) {
    public String directory() {
      return generation.dir().toString();
    }
  }

  /**
   * @param running the fingerprint of the graph this build and configuration would create
   * @param freshStartOnChange start a new generation when anything differs, instead of refusing
   *     (or warning about settings)
   * @throws ConfigException when the checkpoint cannot safely be recovered and no fresh start was asked for
   * @throws IOException when the checkpoint directory cannot be read
   */
  public static Plan check(CheckpointGenerations generations, Fingerprint running, boolean freshStartOnChange)
      throws ConfigException, IOException {
    long start = System.nanoTime();
    Optional<Generation> newest = generations.newest();
    if (newest.isEmpty()) {
      return new Plan(generations.next(), false, Optional.empty());
    }
    Generation current = newest.get();
    if (!generations.hasCheckpoint(current.dir())) {
      return new Plan(current, false, Optional.empty()); // a start that failed before the first checkpoint
    }
    String refusal;
    Differences differences = null;
    try {
      Optional<String> stored = generations.readText(current.dir(), Fingerprint.FILE_NAME);
      if (stored.isEmpty()) {
        refusal = "has no fingerprint: it was written by a Tally build older than the checkpoint guard (or not "
            + "by Tally), so this build cannot tell whether it can recover it";
      } else {
        differences = running.against(Fingerprint.parse(stored.get()));
        refusal = differences.incompatible() ? describe(differences) : null;
      }
    } catch (IllegalArgumentException e) {
      refusal = "has a fingerprint this build cannot read (" + e.getMessage() + ")";
    }
    String where = "the checkpoint in " + current.dir();
    if (refusal != null && !freshStartOnChange) {
      throw new ConfigException(Option.CHECKPOINT_DIR.id(), where + " " + refusal + ". " + UPGRADE);
    }
    if (refusal != null) {
      Log.LOG.warn("{} {}", where, refusal);
      return freshStart(generations, current);
    }
    if (!differences.settings().isEmpty() && freshStartOnChange) {
      differences.settings().forEach(d -> Log.LOG.info("{}; a fresh start applies it", d.describe()));
      return freshStart(generations, current);
    }
    for (Drift drift : differences.settings()) {
      Log.LOG.warn("{}; the checkpoint's settings apply until a fresh start (--{} fresh-start)", drift.describe(),
          Option.ON_CHECKPOINT_CHANGE.id());
    }
    Log.LOG.info("Checkpoint guard: {} was created by this build (checked in {} ms)", current.dir(),
        (System.nanoTime() - start) / 1_000_000);
    return new Plan(current, true, Optional.empty());
  }

  private static Plan freshStart(CheckpointGenerations generations, Generation old) throws IOException {
    Generation fresh = generations.next();
    Log.LOG.warn("Fresh start: new checkpoint generation {}; the old one, {}, is kept for a rollback (remove it by hand "
        + "once no longer needed). Kafka resumes from the offsets stored in the sink, totals are seeded from it, "
        + "windows start empty", fresh.dir(), old.dir());
    return new Plan(fresh, false, Optional.of(old));
  }

  /** One phrase: what differs, the first few changes named. */
  private static String describe(Differences d) {
    StringBuilder text = new StringBuilder();
    if (!d.build().isEmpty()) {
      text.append("is from another build: ").append(firstFew(d.build()))
          .append("; recovering it would run the old graph with this build's classes");
    }
    if (!d.inputs().isEmpty()) {
      text.append(text.length() == 0 ? "" : ", and it ").append("reads other inputs: ")
          .append(firstFew(d.inputs().stream().map(Drift::describe).toList()))
          .append("; recovering it would go on reading the checkpoint's inputs (or give them again)");
    }
    return text.toString();
  }

  private static String firstFew(List<String> changes) {
    String listed = changes.stream().limit(LISTED_CHANGES).collect(Collectors.joining("; "));
    return changes.size() > LISTED_CHANGES ? listed + "; and " + (changes.size() - LISTED_CHANGES) + " more" : listed;
  }
}
