package dev.tally.model;

import java.util.Objects;

/** A partial metric of one key in one event-time window, from one partition of one batch. */
public final class KeyedWindowMetric implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final EventWindowKey window;
  private final Metric metric;

  public KeyedWindowMetric(EventWindowKey window, Metric metric) {
    this.window = Objects.requireNonNull(window, "window");
    this.metric = Objects.requireNonNull(metric, "metric");
  }

  public EventWindowKey window() {
    return window;
  }

  public Metric metric() {
    return metric;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyedWindowMetric k && k.window.equals(window) && k.metric.equals(metric);
  }

  @Override
  public int hashCode() {
    return 31 * window.hashCode() + metric.hashCode();
  }

  @Override
  public String toString() {
    return window + "=" + metric;
  }
}
