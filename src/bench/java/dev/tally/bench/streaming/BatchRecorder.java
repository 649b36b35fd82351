package dev.tally.bench.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.OutputOperationInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import scala.collection.JavaConverters;

/**
 * A {@link StreamingListener} that records every completed batch's {@link BatchTimes}, in order, for
 * the driver thread that measures. Runs on Spark's listener bus; never serialized.
 */
public final class BatchRecorder implements StreamingListener {
  private final BlockingQueue<BatchTimes> completed = new LinkedBlockingQueue<>();

  @Override
  public void onBatchCompleted(StreamingListenerBatchCompleted event) {
    completed.add(of(event.batchInfo()));
  }

  static BatchTimes of(BatchInfo info) {
    long time = info.batchTime().milliseconds();
    long lastEnd = time;
    boolean failed = false;
    SortedMap<String, Long> outputs = new TreeMap<>();
    for (OutputOperationInfo op : JavaConverters.asJavaCollection(info.outputOperationInfos().values())) {
      if (op.endTime().isDefined()) {
        lastEnd = Math.max(lastEnd, (Long) op.endTime().get());
      }
      failed |= op.failureReason().isDefined();
      // the id first: the graph's order, and two outputs at one call site stay apart
      if (op.duration().isDefined()) {
        outputs.put(String.format(Locale.ROOT, "#%03d %s", op.id(), op.name()), millis(op.duration()));
      }
    }
    return new BatchTimes(time, millis(info.schedulingDelay()), millis(info.processingDelay()),
        millis(info.totalDelay()), lastEnd - time, failed, outputs);
  }

  private static long millis(scala.Option<Object> value) {
    return value.isDefined() ? (Long) value.get() : -1;
  }

  /** The next completed batch, or null when none completes within {@code timeoutMs}. */
  public BatchTimes next(long timeoutMs) throws InterruptedException {
    return completed.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Waits for the batch at {@code timeMs} (under a manual clock), skipping earlier ones. */
  public BatchTimes await(long timeMs, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      BatchTimes b = left <= 0 ? null : completed.poll(left, TimeUnit.MILLISECONDS);
      if (b == null) {
        throw new IllegalStateException("batch " + timeMs + " did not complete within " + timeoutMs + " ms");
      }
      if (b.failed()) {
        throw new IllegalStateException("an output of batch " + b.batchTimeMs() + " failed");
      }
      if (b.batchTimeMs() >= timeMs) {
        return b;
      }
    }
  }

  /** Everything recorded and not yet taken. */
  public List<BatchTimes> drain() {
    List<BatchTimes> all = new ArrayList<>();
    completed.drainTo(all);
    return all;
  }
}
