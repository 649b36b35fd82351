package dev.tally.config;

/** A socket address given as {@code host:port}. */
public record HostPort(String host, int port) {
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': port is not a number");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("'" + text + "': port must be 1..65535");
    }
    return new HostPort(text.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
