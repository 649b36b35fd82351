package dev.tally.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.HostPort;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket input against a real TCP server on loopback, as {@code nc -lk} would be: lines written
 * to the connection are counted once each. Under a ManualClock the receiver's blocks arrive in real
 * time, so the test advances batch by batch until the last marker word shows up, then checks the
 * totals exactly and that later batches add nothing.
 */
class SocketInputTest {
  @TempDir Path checkpoint;

  @Test
  void linesWrittenToTheSocketAreCountedExactlyOnce() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> connection = CompletableFuture.supplyAsync(() -> accept(server));
      HostPort address = new HostPort("127.0.0.1", server.getLocalPort());
      try (StreamingHarness job = StreamingHarness.create(checkpoint,
          Settings.batches(1000).window("2s/1s").build(), List.of(new SocketInput(address, false))).start()) {
        try (Socket socket = connection.get(60, TimeUnit.SECONDS);
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
          for (int i = 0; i < 500; i++) {
            out.write("apple banana apple\n");
          }
          out.flush();
          socket.getOutputStream().write(new byte[] {'f', 'i', 'g', (byte) 0xFF, '\n'}); // not UTF-8
          out.write("cherry\tdone\n");
          out.flush();

          int batches = 0;
          while (!job.sink().latestTotals().containsKey("done")) {
            assertTrue(++batches < 600, "the socket's lines never arrived");
            job.runBatch();
          }
          job.runBatches(3); // nothing more may arrive: each line counted once
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, TotalState> e : job.sink().latestTotals().entrySet()) {
          counts.put(e.getKey(), e.getValue().metric().count());
        }
        assertEquals(Map.of("apple", 1000L, "banana", 500L, "cherry", 1L, "done", 1L), counts,
            "the line that is not UTF-8 makes no key");
        List<Reject> rejects = new ArrayList<>();
        job.sink().rejects().values().forEach(rejects::addAll);
        assertEquals(1, rejects.size(), rejects::toString);
        Reject reject = rejects.get(0);
        assertTrue(reject.input().matches("socket:127\\.0\\.0\\.1:" + address.port() + " block \\d+"), reject::toString);
        assertEquals("invalid UTF-8", reject.reason());
        assertEquals("fig\uFFFD", reject.raw());
        assertTrue(reject.position() >= 1, reject::toString);
      }
    }
  }

  private static Socket accept(ServerSocket server) {
    try {
      return server.accept();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
