package dev.tally.input.loadtest;

import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import dev.tally.parse.ParserSpec;
import dev.tally.testing.Reference.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * What the generated input must produce, computed without Spark: every line of a batch made by the
 * pure generator and read by the job's real parser.
 */
final class Prediction {
  /** The events of each batch, in order, and the number of rejected lines of each. */
  final List<List<Event>> events = new ArrayList<>();
  final List<Long> rejects = new ArrayList<>();
  final List<Long> lines = new ArrayList<>();

  private Prediction() {}

  /** Batches at times batchMs, 2 batchMs, ..., batches × batchMs, as the ManualClock runs them. */
  static Prediction of(GeneratedEvents generator, ParserSpec spec, long batchMs, int partitions, int batches) {
    Prediction prediction = new Prediction();
    LineParser parser = spec.newParser();
    for (int b = 1; b <= batches; b++) {
      long time = b * batchMs;
      Collector collector = new Collector();
      long total = generator.linesInBatch(batchMs, time);
      for (int p = 0; p < partitions; p++) {
        long slice = GeneratedEvents.linesInSlice(total, partitions, p);
        for (long i = 0; i < slice; i++) {
          parser.parse(generator.line(time, p, i), collector);
        }
      }
      prediction.events.add(collector.events);
      prediction.rejects.add(collector.rejects);
      prediction.lines.add(total);
    }
    return prediction;
  }

  /** Events of the generated lines as the parser reports them; rejects counted. */
  static final class Collector implements EventHandler {
    final List<Event> events = new ArrayList<>();
    long rejects;
    final List<String> reasons = new ArrayList<>();

    @Override
    public void event(String key, long[] values) {
      events.add(new Event(key, values.clone()));
    }

    @Override
    public void reject(String reason) {
      rejects++;
      if (reasons.size() < 10) {
        reasons.add(reason);
      }
    }
  }
}
