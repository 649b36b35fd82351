package dev.tally.checkpointed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.receiver.Receiver;

/**
 * Runs on an executor (a core held): connects to a TCP server and stores each line it sends, as bytes
 * ({@link SocketLines}). Spark's own socket receiver logs a stack trace at every stop, and its lines are
 * decoded before Tally could reject bytes that are not UTF-8.
 *
 * <p>{@link #drainAll()} ends the receivers running in this JVM before a graceful stop: Spark closes
 * its log of received blocks before the last blocks of a stopping receiver are given to a batch, so
 * those would be lost and the stop would wait for its timeout. Drained first, the last lines go into
 * the next batch, then the context stops at once. In local mode the receivers run in the driver's JVM;
 * on a cluster they do not, and Spark's behaviour stays.
 */
public final class SocketLineReceiver extends Receiver<byte[]> {
  private static final long serialVersionUID = 1L;

  /** Receivers receiving in this JVM. */
  private static final Set<SocketLineReceiver> RUNNING = ConcurrentHashMap.newKeySet();
  private static volatile boolean draining;

  private final String host;
  private final int port;
  private transient volatile Socket socket;

  public SocketLineReceiver(String host, int port, StorageLevel level) {
    super(level);
    this.host = host;
    this.port = port;
  }

  /** Stops every receiver of this JVM from receiving (and any restarted one from connecting). */
  public static void drainAll() {
    draining = true;
    for (SocketLineReceiver receiver : RUNNING) {
      receiver.closeSocket();
    }
  }

  /** True while a receiver of this JVM receives. */
  public static boolean anyRunning() {
    return !RUNNING.isEmpty();
  }

  @Override
  public void onStart() {
    if (draining) {
      return; // the job is stopping: receive nothing more
    }
    Thread thread = new Thread(this::receive, "tally-socket-receiver-" + host + ":" + port);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void onStop() {
    closeSocket();
  }

  private void receive() {
    RUNNING.add(this);
    try (Socket connected = new Socket(host, port)) {
      socket = connected;
      for (byte[] line : new SocketLines().call(connected.getInputStream())) {
        if (isStopped() || draining) {
          return;
        }
        store(line);
      }
      if (!isStopped() && !draining) {
        restart("the server at " + host + ":" + port + " closed the connection");
      }
    } catch (ConnectException e) {
      if (!isStopped() && !draining) {
        restart("cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")");
      }
    } catch (IOException | UncheckedIOException e) {
      if (!isStopped() && !draining) {
        restart("error receiving from " + host + ":" + port, e); // a real failure keeps its stack trace
      }
    } finally {
      RUNNING.remove(this);
    }
  }

  private void closeSocket() {
    Socket open = socket;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // closing to stop reading: nothing more to do
      }
    }
  }
}
