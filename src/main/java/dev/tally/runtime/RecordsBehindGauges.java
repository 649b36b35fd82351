package dev.tally.runtime;

import com.codahale.metrics.Gauge;
import dev.tally.input.EndOffsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The gauges {@code records_behind.<topic>} of Tally's metrics source: after a batch, the topics'
 * end offsets are asked for on a thread of their own (the listener thread never waits on Kafka), one
 * question at a time, at most one per batch: batches that complete while a question is open are
 * answered together, for the latest of them. A failed question sets the figures to -1 and
 * logs one warning, until a question succeeds again; it never fails a batch.
 */
final class RecordsBehindGauges implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(RecordsBehindGauges.class);
  static final String PREFIX = "records_behind.";

  private final TallyMetrics metrics;
  private final EndOffsets endOffsets;
  private final Map<String, Long> behind = new ConcurrentHashMap<>();
  private final AtomicBoolean asking = new AtomicBoolean();
  private final AtomicReference<Map<TopicPartition, Long>> latest = new AtomicReference<>();
  private final ExecutorService asker = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "tally-kafka-end-offsets");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean failing;

  RecordsBehindGauges(TallyMetrics metrics, EndOffsets endOffsets) {
    this.metrics = metrics;
    this.endOffsets = endOffsets;
  }

  /** A completed batch read its partitions up to these offsets (exclusive). */
  void batchRead(Map<TopicPartition, Long> readUntil) {
    if (readUntil.isEmpty()) {
      return;
    }
    latest.set(readUntil);
    askUnlessAsking();
  }

  private void askUnlessAsking() {
    if (!asking.compareAndSet(false, true)) {
      return; // the open question takes the latest batch's offsets up when it is answered
    }
    try {
      asker.execute(this::askForLatest);
    } catch (RejectedExecutionException closed) {
      asking.set(false);
    }
  }

  private void askForLatest() {
    try {
      Map<TopicPartition, Long> next;
      while ((next = latest.getAndSet(null)) != null) {
        update(next);
      }
    } finally {
      asking.set(false);
    }
    if (latest.get() != null) {
      askUnlessAsking(); // a batch completed between the last look and the end of this question
    }
  }

  private void update(Map<TopicPartition, Long> readUntil) {
    Map<String, Long> figures;
    try {
      figures = RecordsBehind.perTopic(readUntil, endOffsets.latest(readUntil.keySet()));
      if (failing) {
        LOG.info("Kafka end offsets known again: records_behind is up to date");
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      if (!failing) {
        LOG.warn("Kafka end offsets unknown ({}): records_behind shows -1 until they are known", e.toString());
        failing = true;
      }
      figures = new java.util.TreeMap<>();
      for (TopicPartition partition : readUntil.keySet()) {
        figures.put(partition.topic(), -1L);
      }
    }
    figures.forEach((topic, records) -> {
      if (behind.put(topic, records) == null) {
        metrics.gauge(PREFIX + topic, (Gauge<Long>) () -> behind.getOrDefault(topic, -1L));
      }
    });
  }

  /** The last figure of {@code topic}: records behind, -1 unknown, null before the first answer. */
  Long of(String topic) {
    return behind.get(topic);
  }

  @Override
  public void close() {
    asker.shutdownNow();
    endOffsets.close();
  }
}
