package dev.tally.sink;

/**
 * The driver-side place the checkpointed output functions find the sink. The sink is runtime
 * configuration, read fresh at every start; capturing it in a checkpointed function would freeze it
 * (and a connection pool is not serializable anyway).
 */
public final class SinkHolder {
  private static volatile Sink current;

  private SinkHolder() {}

  public static void install(Sink sink) {
    current = sink;
  }

  public static Sink current() {
    Sink sink = current;
    if (sink == null) {
      throw new IllegalStateException("no sink installed: install one before the streaming context starts");
    }
    return sink;
  }
}
