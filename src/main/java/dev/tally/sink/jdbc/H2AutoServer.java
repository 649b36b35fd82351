package dev.tally.sink.jdbc;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps H2's auto-server on the loopback interface. With {@code AUTO_SERVER=TRUE} (Tally's default
 * database) the first JVM that opens a file database serves it to the others over TCP, and H2 listens
 * on every interface unless its system property {@value #BIND_ADDRESS} names one. H2 reads its system
 * properties once, when its settings class loads, so Tally sets it before its first H2 connection in
 * each JVM (driver and executors alike open connections through {@link ConnectionPools}). A JVM started
 * with {@code -Dh2.bindAddress=...} keeps that choice.
 */
final class H2AutoServer {
  private static final Logger LOG = LogManager.getLogger(H2AutoServer.class);
  static final String BIND_ADDRESS = "h2.bindAddress";
  static final String LOOPBACK = "127.0.0.1";
  private static boolean applied;

  private H2AutoServer() {}

  /** Before this JVM's first H2 connection: binds the auto-server this JVM may start to loopback. */
  static synchronized void keepOnLoopback() {
    if (applied) {
      return;
    }
    applied = true;
    if (System.getProperty(BIND_ADDRESS) == null) {
      System.setProperty(BIND_ADDRESS, LOOPBACK);
    }
    String wanted = System.getProperty(BIND_ADDRESS);
    String effective = org.h2.engine.SysProperties.BIND_ADDRESS; // loads H2's settings now, if not yet loaded
    if (!wanted.equals(effective)) {
      LOG.warn("H2 read its settings before Tally set {}={}: an auto-server started here listens on {}; "
          + "start this JVM with -D{}={}", BIND_ADDRESS, wanted, effective == null ? "every interface" : effective,
          BIND_ADDRESS, wanted);
    }
  }
}
