package dev.tally.checkpointed;

import dev.tally.eventtime.BatchEventTime;
import dev.tally.eventtime.EventWindows;
import dev.tally.eventtime.Watermark;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function2;

/**
 * Runs on executors, once per batch, as the {@code updateStateByKey} function of the watermark's
 * single key: the batch's watermark from the previous batch's and this batch's largest event times
 * (one per partition); moved past every window's end when the batch closes every window. Kept in the
 * checkpoint with its state, so a re-run batch gets the watermark its first run had.
 */
public final class AdvanceWatermark
    implements Function2<List<BatchEventTime>, Optional<Watermark>, Optional<Watermark>> {
  private static final long serialVersionUID = 2L;

  private final long delayMs;
  private final EventWindows windows;

  public AdvanceWatermark(long delayMs, EventWindows windows) {
    this.delayMs = delayMs;
    this.windows = windows;
  }

  @Override
  public Optional<Watermark> call(List<BatchEventTime> batch, Optional<Watermark> previous) {
    long max = Watermark.NONE;
    boolean closesEveryWindow = false;
    for (BatchEventTime partition : batch) {
      max = Math.max(max, partition.maxEventTimeMs());
      closesEveryWindow |= partition.closesEvery();
    }
    Watermark next = previous.isPresent() ? previous.get().advance(max, delayMs) : Watermark.first(max, delayMs);
    return Optional.of(closesEveryWindow ? next.closingEveryWindow(windows) : next);
  }
}
