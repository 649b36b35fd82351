package dev.tally.model;

import java.io.Serializable;

/**
 * What one pass over a partition of input lines produces: per-key partial metrics, rejects, and one
 * {@link PartitionCounts} with the partition's line and reject counts. Keeping all three in one
 * stream means each line is parsed exactly once per batch.
 */
public sealed interface PartitionOutput extends Serializable permits KeyedMetric, Reject, PartitionCounts,
    TimedEvent, KeyedWindowMetric {}
