package dev.tally.checkpointed;

import dev.tally.eventtime.EventWindowRow;
import dev.tally.eventtime.EventWindowStore;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;

/** The rows a batch changed or closed, from its stores. */
public final class EventWindowRows implements FlatMapFunction<EventWindowStore, EventWindowRow> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<EventWindowRow> call(EventWindowStore store) {
    return store.rows().iterator();
  }
}
