package dev.tally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * Turns SIGTERM, SIGINT and an optional stop file into a stop request that the main thread acts on,
 * so the graceful stop never runs on a signal, batch or listener thread. A second signal exits at
 * once.
 */
public final class StopRequests {
  private static final Logger LOG = LogManager.getLogger(StopRequests.class);

  private final Optional<Path> stopFile;
  private volatile String reason;

  private StopRequests(Optional<Path> stopFile) {
    this.stopFile = stopFile;
  }

  /**
   * Installs the signal handlers (they replace the JVM's default exit on TERM and INT) and removes a
   * stop file left over from an earlier stop, which would otherwise stop this run at once.
   */
  public static StopRequests install(Optional<String> stopFile) {
    StopRequests requests = new StopRequests(stopFile.map(Path::of));
    requests.stopFile.ifPresent(file -> {
      try {
        if (Files.deleteIfExists(file)) {
          LOG.warn("Removed the stop file {} left from an earlier stop", file);
        }
      } catch (IOException e) {
        LOG.warn("Cannot remove the old stop file {}: {}", file, e.getMessage());
      }
    });
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> requests.onSignal(name, 128 + signal.getNumber()));
      } catch (IllegalArgumentException e) {
        // The JVM runs with -Xrs or the signal is reserved: the stop file still works.
        LOG.warn("Cannot handle SIG{} ({}); use the stop file to stop gracefully", name, e.getMessage());
      }
    }
    return requests;
  }

  private void onSignal(String name, int forcedExitCode) {
    if (reason != null) {
      LOG.warn("SIG{} again: exiting without waiting for the graceful stop", name);
      new Thread(() -> System.exit(forcedExitCode), "tally-forced-exit").start();
      return;
    }
    reason = "SIG" + name;
  }

  /** Why a stop was requested, or empty while none was. Checks the stop file. */
  public Optional<String> requested() {
    if (reason == null && stopFile.isPresent() && Files.exists(stopFile.get())) {
      reason = "stop file " + stopFile.get();
    }
    return Optional.ofNullable(reason);
  }
}
