package dev.tally.audit;

import dev.tally.model.EventWindowKey;
import java.util.List;
import java.util.Map;

/**
 * What the sink should hold of the event-time windows, recomputed by replaying the ledger's batches
 * ({@link EventTimeReplay}), and the late events that should be rejects.
 *
 * @param rows the last row each (window, key) should have in the event window table
 * @param lateRejects each late event's reject, by where it was read and the batch that read it: its reason
 * @param uncheckedSpans batch-time spans {@code [first, last]} of origins whose first batches' ledger
 *     rows were pruned: their watermark is unknown, so what they wrote is not compared
 * @param events events with a time that the batches read (an event read twice counts twice)
 * @param watermarkMs the watermark after the ledger's last batch (of its origin), or
 *     {@link EventTimeReplay#NO_WATERMARK}
 * @param openPairs (window, key) pairs still open after the last batch
 */
public record ExpectedEventTime(Map<EventWindowKey, EventTimeReplay.Row> rows, Map<LateReject, String> lateRejects,
    List<long[]> uncheckedSpans, long events, long watermarkMs, long openPairs) {

  /** A reject's identity in the reject table: where the line was read, the batch, the position (offset). */
  public record LateReject(String input, long batchTimeMs, long position) {}

  /** True when {@code batchTimeMs} lies in a span whose results cannot be checked. */
  public boolean unchecked(long batchTimeMs) {
    for (long[] span : uncheckedSpans) {
      if (batchTimeMs >= span[0] && batchTimeMs <= span[1]) {
        return true;
      }
    }
    return false;
  }
}
