package dev.tally.testing;

import dev.tally.config.WindowSpec;
import dev.tally.eventtime.EventWindowRow;
import dev.tally.model.Metric;
import dev.tally.model.MetricSchema;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.sink.Sink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Time;
import scala.Tuple2;

/** A sink for tests: collects every output on the driver, by window and batch time. */
public final class CollectingSink implements Sink {
  private final Map<String, TreeMap<Long, Map<String, Metric>>> windows = new HashMap<>();
  private final TreeMap<Long, Map<String, TotalState>> totals = new TreeMap<>();
  private final TreeMap<Long, List<Reject>> rejects = new TreeMap<>();
  private final TreeMap<Long, Set<EventWindowRow>> eventWindows = new TreeMap<>();
  private final List<Tuple2<String, TotalState>> stored;

  public CollectingSink() {
    this(List.of());
  }

  /** A sink whose table already holds {@code stored} totals: a new checkpoint seeds its totals from them. */
  public CollectingSink(List<Tuple2<String, TotalState>> stored) {
    this.stored = List.copyOf(stored);
  }

  @Override
  public List<Tuple2<String, TotalState>> storedTotals(MetricSchema schema) {
    return stored;
  }

  @Override
  public synchronized long writeWindow(WindowSpec window, MetricSchema schema, Time batchTime,
      JavaPairRDD<String, Metric> rows) {
    Map<String, Metric> collected = toMap(rows.collect());
    windows.computeIfAbsent(window.id(), w -> new TreeMap<>()).put(batchTime.milliseconds(), collected);
    return collected.size();
  }

  @Override
  public synchronized long writeTotals(MetricSchema schema, Time batchTime, JavaPairRDD<String, TotalState> changed) {
    Map<String, TotalState> collected = toMap(changed.collect());
    totals.put(batchTime.milliseconds(), collected);
    return collected.size();
  }

  @Override
  public synchronized long writeRejects(Time batchTime, JavaRDD<Reject> batch, long count) {
    List<Reject> collected = new ArrayList<>(batch.collect());
    rejects.put(batchTime.milliseconds(), collected);
    return collected.size();
  }

  @Override
  public synchronized long writeEventWindows(MetricSchema schema, Time batchTime, JavaRDD<EventWindowRow> rows) {
    List<EventWindowRow> collected = rows.collect();
    Set<EventWindowRow> unique = new HashSet<>(collected);
    if (unique.size() != collected.size()) {
      throw new AssertionError("an event window row written twice in one output: " + collected);
    }
    eventWindows.put(batchTime.milliseconds(), unique);
    return collected.size();
  }

  /** The event-time window rows each batch wrote. */
  public synchronized TreeMap<Long, Set<EventWindowRow>> eventWindows() {
    return new TreeMap<>(eventWindows);
  }

  /** Rows of one window per slide time. */
  public synchronized TreeMap<Long, Map<String, Metric>> window(String id) {
    return new TreeMap<>(windows.getOrDefault(id, new TreeMap<>()));
  }

  /** Changed totals per batch time. */
  public synchronized TreeMap<Long, Map<String, TotalState>> totals() {
    return new TreeMap<>(totals);
  }

  /** The latest total of every key seen so far (evictions are not visible here). */
  public synchronized Map<String, TotalState> latestTotals() {
    Map<String, TotalState> latest = new TreeMap<>();
    totals.values().forEach(latest::putAll);
    return latest;
  }

  public synchronized TreeMap<Long, List<Reject>> rejects() {
    return new TreeMap<>(rejects);
  }

  private static <V> Map<String, V> toMap(List<Tuple2<String, V>> rows) {
    Map<String, V> map = new TreeMap<>();
    for (Tuple2<String, V> row : rows) {
      if (map.put(row._1(), row._2()) != null) {
        throw new AssertionError("key written twice in one output: " + row._1());
      }
    }
    return map;
  }
}
