package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Records behind per topic, from the offsets read and where the partitions end. */
class RecordsBehindTest {
  private static final TopicPartition CLICKS_0 = new TopicPartition("clicks", 0);
  private static final TopicPartition CLICKS_1 = new TopicPartition("clicks", 1);
  private static final TopicPartition VIEWS_0 = new TopicPartition("views", 0);

  @Test
  void sumsWhatEachPartitionHoldsPastTheReadOffsetPerTopic() {
    Map<String, Long> behind = RecordsBehind.perTopic(Map.of(CLICKS_0, 40L, CLICKS_1, 10L, VIEWS_0, 7L),
        Map.of(CLICKS_0, 100L, CLICKS_1, 15L, VIEWS_0, 7L, new TopicPartition("other", 0), 99L));
    assertEquals(Map.of("clicks", 65L, "views", 0L), behind);
  }

  @Test
  void anEndOffsetOlderThanTheReadOneCountsAsNothingBehind() {
    assertEquals(Map.of("clicks", 5L), RecordsBehind.perTopic(Map.of(CLICKS_0, 40L, CLICKS_1, 10L),
        Map.of(CLICKS_0, 35L, CLICKS_1, 15L)));
  }

  @Test
  void aPartitionWithoutAnEndOffsetMakesItsTopicUnknown() {
    assertEquals(Map.of("clicks", -1L, "views", 3L), RecordsBehind.perTopic(Map.of(CLICKS_0, 40L, CLICKS_1, 10L,
        VIEWS_0, 7L), Map.of(CLICKS_1, 15L, VIEWS_0, 10L)));
  }
}
