package dev.tally.graph;

/**
 * Starting would give wrong results (for example count records twice); refused with a message that
 * says what to do. Like a bad configuration, it exits 2: restarting would not help.
 */
public final class StartRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartRefusedException(String message) {
    super(message);
  }
}
