package dev.tally.sink.jdbc;

import java.io.Serializable;

/** Connection pool counters of one JVM (active, idle, created and destroyed so far). */
public record PoolFigures(String jvm, long active, long idle, long created, long destroyed) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final PoolFigures NONE = new PoolFigures("", 0, 0, 0, 0);

  PoolFigures plus(PoolFigures o) {
    return new PoolFigures(jvm, active + o.active, idle + o.idle, created + o.created, destroyed + o.destroyed);
  }

  @Override
  public String toString() {
    return "{active=" + active + " idle=" + idle + " created=" + created + " destroyed=" + destroyed + "}";
  }
}
