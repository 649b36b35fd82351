package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindowStore;
import dev.tally.eventtime.Watermark;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction2;
import scala.Tuple2;

/**
 * Runs on executors, once per state partition and batch: the previous batch's store (with the
 * batch's watermark) plus the batch's partials of that partition give the new store, whose windows
 * ending at or before the next batch's watermark are written final and dropped.
 */
public final class UpdateEventWindows implements
    FlatMapFunction2<Iterator<Tuple2<Watermark, EventWindowStore>>, Iterator<Tuple2<EventWindowKey, Metric>>, EventWindowStore> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<EventWindowStore> call(Iterator<Tuple2<Watermark, EventWindowStore>> previous,
      Iterator<Tuple2<EventWindowKey, Metric>> partials) {
    if (!previous.hasNext()) {
      throw new IllegalStateException("no watermark or no previous store for this partition");
    }
    Tuple2<Watermark, EventWindowStore> before = previous.next();
    // Also runs the cached blocks' iterators to their end, which releases their read locks now.
    if (previous.hasNext()) {
      throw new IllegalStateException("more than one watermark or previous store for this partition");
    }
    EventWindowStore.Update update = before._2().update();
    while (partials.hasNext()) {
      Tuple2<EventWindowKey, Metric> partial = partials.next();
      update.add(partial._1(), partial._2());
    }
    return Collections.singletonList(update.close(before._1().nextMs())).iterator();
  }
}
