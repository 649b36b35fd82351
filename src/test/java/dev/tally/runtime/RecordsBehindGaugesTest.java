package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import dev.tally.input.EndOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The records-behind gauges without Spark or Kafka: end offsets from a stand-in that can fail. */
class RecordsBehindGaugesTest {
  private static final TopicPartition EVENTS_0 = new TopicPartition("events", 0);

  @Test
  void aFailedQuestionShowsMinusOneAndTheNextAnswerTheFigureAgain() throws Exception {
    AtomicReference<Long> end = new AtomicReference<>(100L);
    AtomicInteger questions = new AtomicInteger();
    StandIn ends = new StandIn(end, questions);
    TallyMetrics metrics = new TallyMetrics(() -> 0);
    try (RecordsBehindGauges gauges = new RecordsBehindGauges(metrics, ends)) {
      gauges.batchRead(Map.of(EVENTS_0, 30L));
      assertEquals(70L, await(metrics, 70L));

      end.set(null); // the cluster does not answer
      gauges.batchRead(Map.of(EVENTS_0, 40L));
      assertEquals(-1L, await(metrics, -1L));

      end.set(100L);
      gauges.batchRead(Map.of(EVENTS_0, 50L));
      assertEquals(50L, await(metrics, 50L));
      assertTrue(questions.get() <= 3, "at most one question per batch: " + questions);
    }
    assertTrue(ends.closed, "the client is closed with the gauges");
  }

  @Test
  void batchesThatCompleteWhileAQuestionIsOpenAreAnsweredForTheLatest() throws Exception {
    AtomicReference<Long> end = new AtomicReference<>(100L);
    AtomicInteger questions = new AtomicInteger();
    TallyMetrics metrics = new TallyMetrics(() -> 0);
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    StandIn slow = new StandIn(end, questions) {
      @Override
      public Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) throws Exception {
        asked.countDown();
        answer.await(); // the first question stays open while three more batches complete
        return super.latest(partitions);
      }
    };
    try (RecordsBehindGauges gauges = new RecordsBehindGauges(metrics, slow)) {
      gauges.batchRead(Map.of(EVENTS_0, 10L));
      assertTrue(asked.await(10, TimeUnit.SECONDS), "the first batch's question is asked");
      for (long read = 20; read <= 40; read += 10) {
        gauges.batchRead(Map.of(EVENTS_0, read));
      }
      answer.countDown();
      assertEquals(60L, await(metrics, 60L), "the last batch's offsets, 40 of 100");
      assertEquals(2, questions.get(), "the open question, then one for the latest batch");
    }
  }

  /** Polls the gauge until it shows {@code expected} or 10 s passed; returns its last value. */
  private static Long await(TallyMetrics metrics, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Long value = null;
    while (System.nanoTime() < deadline) {
      Gauge<?> gauge = metrics.metricRegistry().getGauges().get(RecordsBehindGauges.PREFIX + "events");
      value = gauge == null ? null : (Long) gauge.getValue();
      if (value != null && value == expected) {
        return value;
      }
      Thread.sleep(5); // polling the gauge a thread of its own sets, bounded by the deadline
    }
    return value;
  }

  private static class StandIn implements EndOffsets {
    private final AtomicReference<Long> end;
    private final AtomicInteger questions;
    volatile boolean closed;

    StandIn(AtomicReference<Long> end, AtomicInteger questions) {
      this.end = end;
      this.questions = questions;
    }

    @Override
    public Map<TopicPartition, Long> latest(Set<TopicPartition> partitions) throws Exception {
      questions.incrementAndGet();
      Long offset = end.get();
      if (offset == null) {
        throw new java.util.concurrent.TimeoutException("no answer within 3 s");
      }
      return Map.of(EVENTS_0, offset);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
