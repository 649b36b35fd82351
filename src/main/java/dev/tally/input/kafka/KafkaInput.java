package dev.tally.input.kafka;

import dev.tally.checkpointed.CheckpointOrigin;
import dev.tally.checkpointed.NamedOutput;
import dev.tally.checkpointed.ParseKafkaRecords;
import dev.tally.checkpointed.StoreOffsets;
import dev.tally.input.EndOffsets;
import dev.tally.input.InputSource;
import dev.tally.model.PartitionOutput;
import dev.tally.model.SourceOffset;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.Sink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.ConsumerStrategy;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;

/**
 * Kafka topics read by the direct stream (no receiver): each batch's offset ranges are fixed when the
 * batch is created and kept in the checkpoint, so a re-run batch reads the same records. Without a
 * checkpoint, the stream starts from the offsets stored in the sink for the group (a new checkpoint
 * after an upgrade repeats and loses nothing), else from {@code auto.offset.reset}.
 */
public final class KafkaInput implements InputSource {
  /** Initialised on first use: a start refused before anything runs does not pay for log4j. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(KafkaInput.class);
  }

  /** Short: the answer is only a figure, and a late one is replaced by the next batch's. */
  private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(3);

  private final KafkaSettings settings;
  private JavaInputDStream<ConsumerRecord<String, byte[]>> stream;
  private long resumedFromBatchMs = -1;

  public KafkaInput(KafkaSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return settings.inputName();
  }

  /** Records parsed from their bytes; a reject names topic and partition, and the offset as position. */
  @Override
  public JavaDStream<PartitionOutput> parse(JavaStreamingContext jssc, ParserSpec spec, int maxRejectRaw,
      Sink stored) {
    Map<TopicPartition, Long> start = new HashMap<>();
    for (SourceOffset offset : stored.storedOffsets(settings.group())) {
      if (!settings.reads(offset.topic())) {
        continue; // a topic this job no longer reads: seeking it would fail the start
      }
      start.put(new TopicPartition(offset.topic(), offset.partition()), offset.untilOffset());
      resumedFromBatchMs = Math.max(resumedFromBatchMs, offset.batchTimeMs());
    }
    if (!start.isEmpty()) {
      Log.LOG.info("Resuming {} from the offsets stored for group {}: {}", name(), settings.group(), start);
    }
    // Subscribe (not Assign) with explicit starting offsets: partitions added later are read too.
    ConsumerStrategy<String, byte[]> strategy = settings.topicPattern() != null
        ? ConsumerStrategies.SubscribePattern(Pattern.compile(settings.topicPattern()), settings.consumerParams(), start)
        : ConsumerStrategies.Subscribe(settings.topics(), settings.consumerParams(), start);
    stream = KafkaUtils.createDirectStream(jssc, LocationStrategies.PreferConsistent(), strategy);
    return stream.mapPartitions(new ParseKafkaRecords(spec, maxRejectRaw));
  }

  /** Where the topics end now, for the records-behind figures; never kept in the checkpoint. */
  @Override
  public Optional<EndOffsets> endOffsets() {
    return Optional.of(new KafkaEndOffsets(settings.adminParams(), END_OFFSETS_TIMEOUT));
  }

  /**
   * Where every partition of the topics read ends now: what a run until caught up reads to. Waits
   * longer than the records-behind figure: the run cannot start without it.
   */
  @Override
  public Map<TopicPartition, Long> endOffsetsAtStart() throws Exception {
    try (KafkaEndOffsets ends = new KafkaEndOffsets(settings.adminParams(), Duration.ofSeconds(30))) {
      return ends.latestOfTopics(settings::reads);
    }
  }

  @Override
  public Map<String, String> frozenSettings() {
    return settings.byOption();
  }

  @Override
  public void afterOutputs() {
    NamedOutput.register(stream, "offsets", new StoreOffsets(settings.group(), (CanCommitOffsets) stream.inputDStream(),
        new CheckpointOrigin(stream.inputDStream())));
  }

  @Override
  public boolean resumesFromStoredOffsets() {
    return true;
  }

  @Override
  public long resumedFromBatchMs() {
    return resumedFromBatchMs;
  }
}
