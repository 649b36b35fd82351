package dev.tally.model;

import java.util.Objects;

/** A key's partial metric from one partition of one batch. */
public final class KeyedMetric implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final Metric metric;

  public KeyedMetric(String key, Metric metric) {
    this.key = Objects.requireNonNull(key, "key");
    this.metric = Objects.requireNonNull(metric, "metric");
  }

  public String key() {
    return key;
  }

  public Metric metric() {
    return metric;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyedMetric k && k.key.equals(key) && k.metric.equals(metric);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + metric.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + metric;
  }
}
