package dev.tally.bench.structured;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** Collects each Structured Streaming query's progress reports (one per micro-batch), by query id. */
public final class ProgressRecorder extends StreamingQueryListener {
  private final Map<UUID, BlockingQueue<StreamingQueryProgress>> byQuery = new ConcurrentHashMap<>();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    queue(event.progress().id()).add(event.progress());
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  private BlockingQueue<StreamingQueryProgress> queue(UUID id) {
    return byQuery.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
  }

  /** The next progress of query {@code id} that read rows, or null after {@code timeoutMs}. */
  public StreamingQueryProgress next(UUID id, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      StreamingQueryProgress p = left <= 0 ? null : queue(id).poll(left, TimeUnit.MILLISECONDS);
      if (p == null || p.numInputRows() > 0) {
        return p;
      }
    }
  }

  /** Time the micro-batch took from trigger to commit, as Spark reports it. */
  public static long triggerMs(StreamingQueryProgress p) {
    Long ms = p.durationMs().get("triggerExecution");
    return ms == null ? -1 : ms;
  }

  /** Time spent running the batch's job into the sink (without planning and the offset/commit logs). */
  public static long addBatchMs(StreamingQueryProgress p) {
    Long ms = p.durationMs().get("addBatch");
    return ms == null ? -1 : ms;
  }
}
