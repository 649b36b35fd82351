package dev.tally.checkpointed;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs on executors: a slice descriptor becomes its lines, lazily. Captures only the generator's
 * settings.
 */
public final class SliceLines implements FlatMapFunction<GeneratedSlice, String> {
  private static final long serialVersionUID = 1L;

  private final GeneratedEvents events;

  public SliceLines(GeneratedEvents events) {
    this.events = events;
  }

  @Override
  public Iterator<String> call(GeneratedSlice slice) {
    return new GeneratedLines(events, slice);
  }
}
