package dev.tally.checkpointed;

import dev.tally.eventtime.Watermark;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function2;

/**
 * Runs on executors, once per batch, as the {@code updateStateByKey} function of the watermark's
 * single key: the batch's watermark from the previous batch's and this batch's largest event times
 * (one per partition). Kept in the checkpoint with its state, so a re-run batch gets the watermark
 * its first run had.
 */
public final class AdvanceWatermark implements Function2<List<Long>, Optional<Watermark>, Optional<Watermark>> {
  private static final long serialVersionUID = 1L;

  private final long delayMs;

  public AdvanceWatermark(long delayMs) {
    this.delayMs = delayMs;
  }

  @Override
  public Optional<Watermark> call(List<Long> batchMaxima, Optional<Watermark> previous) {
    long max = Watermark.NONE;
    for (long m : batchMaxima) {
      max = Math.max(max, m);
    }
    return Optional.of(previous.isPresent() ? previous.get().advance(max, delayMs) : Watermark.first(max, delayMs));
  }
}
