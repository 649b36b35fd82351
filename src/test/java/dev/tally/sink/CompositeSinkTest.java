package dev.tally.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.model.MetricSchema;
import dev.tally.model.SourceOffset;
import dev.tally.testing.KeepingSink;
import java.util.List;
import org.apache.spark.streaming.Time;
import org.junit.jupiter.api.Test;

/** A database plus a console: offsets and stored state go through to the sink that keeps them. */
class CompositeSinkTest {
  @Test
  void offsetsAndStoredStateReachTheSinkThatKeepsThem() {
    KeepingSink db = new KeepingSink();
    Sink both = new CompositeSink(List.of(db, new ConsoleSink(System.out, 1)));
    List<SourceOffset> offsets = List.of(new SourceOffset("t", 0, 42, 1000));
    both.storeOffsets("g", new Time(1000), offsets);
    assertEquals(offsets, db.stored());
    assertEquals(offsets, both.storedOffsets("g"));
    assertEquals(db.totals(), both.storedTotals(new MetricSchema(List.of(), 0)));
  }
}
