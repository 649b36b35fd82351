package dev.tally.bench.state;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.streaming.rdd.MapWithStateRDDRecord;

/** The keys one partition of a mapWithState state RDD holds (its state map's size). */
final class StateMapKeys implements Function<MapWithStateRDDRecord<?, ?, ?>, Long> {
  private static final long serialVersionUID = 1L;

  @Override
  public Long call(MapWithStateRDDRecord<?, ?, ?> record) {
    return (long) record.stateMap().getAll().size(); // walks the map and its deltas: a probe, not a figure of speed
  }
}
