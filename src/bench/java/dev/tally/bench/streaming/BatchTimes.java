package dev.tally.bench.streaming;

import java.util.SortedMap;

/**
 * What Spark's scheduler reports for one completed DStream batch: its time, the delay before its
 * jobs started, how long they ran, and the latency from the batch time to the end of its last
 * output (for Tally's graph: after the sink committed the batch's rows); and how long each output
 * operation ran, by its name ("window 30s/10s", "totals"), which tells where a batch's time goes.
 */
public record BatchTimes(long batchTimeMs, long schedulingMs, long processingMs, long totalMs, long latencyMs,
    boolean failed, SortedMap<String, Long> outputMs) {}
