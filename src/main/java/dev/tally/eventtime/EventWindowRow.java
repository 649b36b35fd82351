package dev.tally.eventtime;

import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import java.io.Serializable;
import java.util.Objects;

/** One output row of an event-time window: a key's metric in it, final once the watermark closed it. */
public final class EventWindowRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EventWindowKey window;
  private final Metric metric;
  private final boolean isFinal;

  public EventWindowRow(EventWindowKey window, Metric metric, boolean isFinal) {
    this.window = Objects.requireNonNull(window, "window");
    this.metric = Objects.requireNonNull(metric, "metric");
    this.isFinal = isFinal;
  }

  public EventWindowKey window() {
    return window;
  }

  public Metric metric() {
    return metric;
  }

  /** True when the watermark has passed the window's end: no later batch changes this row. */
  public boolean isFinal() {
    return isFinal;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventWindowRow r && r.window.equals(window) && r.metric.equals(metric) && r.isFinal == isFinal;
  }

  @Override
  public int hashCode() {
    return Objects.hash(window, metric, isFinal);
  }

  @Override
  public String toString() {
    return window + "=" + metric + (isFinal ? " final" : "");
  }
}
