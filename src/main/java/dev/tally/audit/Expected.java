package dev.tally.audit;

import dev.tally.config.WindowSpec;
import dev.tally.model.Metric;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;

/**
 * What the sink should hold, recomputed from the topic's records and the ledger, and what the
 * replay found on the way.
 *
 * @param totals the running total of each key
 * @param windows for each window, the rows of each window end that is checked (an end with no rows
 *     is there, empty: the sink must hold no row for it)
 * @param uncheckedEnds window ends that were output but cannot be checked: the ledger's rows for
 *     some of their batches were pruned
 * @param rejectsByBatch how many rejects each batch wrote, by batch time
 * @param records records read from the topics
 * @param counted records some batch read
 * @param lost records below the stored offsets that no batch read
 * @param countedTwice records that two or more batches read
 * @param pending records at or above the stored offsets that no batch read yet
 * @param ledgerAnomalies what is wrong with the ledger's shape, one line each
 * @param batches batches in the ledger
 * @param origins checkpoints (origins) in the ledger
 * @param firstBatchMs the first batch time in the ledger, or -1 for an empty ledger
 * @param lastBatchMs the last batch time in the ledger, or -1
 * @param eventTime the event-time windows and late rejects, or null when the job has no event-time window
 */
public record Expected(Map<String, Metric> totals, Map<WindowSpec, NavigableMap<Long, Map<String, Metric>>> windows,
    Map<WindowSpec, NavigableSet<Long>> uncheckedEnds, Map<Long, Long> rejectsByBatch, long records, long counted,
    long lost, long countedTwice, long pending, List<String> lostExamples, List<String> countedTwiceExamples,
    List<String> ledgerAnomalies, int batches, int origins, long firstBatchMs, long lastBatchMs,
    ExpectedEventTime eventTime) {

  /** Without event-time windows. */
  public Expected(Map<String, Metric> totals, Map<WindowSpec, NavigableMap<Long, Map<String, Metric>>> windows,
      Map<WindowSpec, NavigableSet<Long>> uncheckedEnds, Map<Long, Long> rejectsByBatch, long records, long counted,
      long lost, long countedTwice, long pending, List<String> lostExamples, List<String> countedTwiceExamples,
      List<String> ledgerAnomalies, int batches, int origins, long firstBatchMs, long lastBatchMs) {
    this(totals, windows, uncheckedEnds, rejectsByBatch, records, counted, lost, countedTwice, pending, lostExamples,
        countedTwiceExamples, ledgerAnomalies, batches, origins, firstBatchMs, lastBatchMs, null);
  }
}
