package dev.tally.input;

import dev.tally.checkpointed.ParsePartitionsByIndex;
import dev.tally.checkpointed.ParseUtf8Lines;
import dev.tally.checkpointed.SocketLineReceiver;
import dev.tally.config.HostPort;
import dev.tally.config.Option;
import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.Sink;
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

  /** Lines kept as bytes until parsed, so that one that is not UTF-8 is rejected; rejects name the block. */
  @Override
  public JavaDStream<PartitionOutput> parse(JavaStreamingContext jssc, ParserSpec spec, int maxRejectRaw,
      Sink stored) {
    StorageLevel level = replicate ? StorageLevel.MEMORY_AND_DISK_SER_2() : StorageLevel.MEMORY_AND_DISK_SER();
    JavaDStream<byte[]> lines = jssc.receiverStream(new SocketLineReceiver(address.host(), address.port(), level));
    return lines.transform(new ParsePartitionsByIndex<>(new ParseUtf8Lines(spec, name(), maxRejectRaw)));
  }
}
