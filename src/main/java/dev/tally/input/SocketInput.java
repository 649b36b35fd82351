package dev.tally.input;

import dev.tally.config.HostPort;
import dev.tally.config.Option;
import java.util.Map;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * Lines from a TCP server (for example {@code nc -lk 9999}), read by a receiver that holds one core.
 * Best effort: a socket cannot replay what was sent while the job was down.
 */
public final class SocketInput implements InputSource {
  private final HostPort address;
  private final boolean replicate;

  /** @param replicate keep received blocks on two executors (clusters; pointless on a local master) */
  public SocketInput(HostPort address, boolean replicate) {
    this.address = address;
    this.replicate = replicate;
  }

  @Override
  public String name() {
    return "socket:" + address;
  }

  @Override
  public Map<String, String> frozenSettings() {
    return Map.of(Option.SOCKET.id(), address.toString());
  }

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    StorageLevel level = replicate ? StorageLevel.MEMORY_AND_DISK_SER_2() : StorageLevel.MEMORY_AND_DISK_SER();
    return jssc.socketTextStream(address.host(), address.port(), level);
  }
}
