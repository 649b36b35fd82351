package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.testing.ListeningSockets;
import dev.tally.testing.TallyProcess;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tally's default database is an H2 file with AUTO_SERVER=TRUE, whose first user serves it over TCP:
 * in Tally's own JVM (no h2.bindAddress given, as a user starts it) that server, like every port the
 * job opens, listens on loopback only.
 */
class H2AutoServerTest {
  @TempDir Path work;

  @Test
  void theAutoServerTallyStartsListensOnLoopbackOnly() throws Exception {
    Path inbox = Files.createDirectories(work.resolve("in"));
    Path database = work.resolve("db").resolve("tally");
    try (TallyProcess tally = TallyProcess.start(work, "--checkpoint-dir", work.resolve("checkpoint").toString(),
        "--input-dir", inbox.toString(), "--batch", "1s", "--window", "2s/1s", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--sink", "jdbc", "--jdbc-url", "jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE")) {
      tally.await("batch_time=\\S+ lines=", 120);
      Path staged = Files.writeString(work.resolve("one.txt"), "apple apple banana\n");
      Files.move(staged, inbox.resolve("one.txt"), StandardCopyOption.ATOMIC_MOVE);
      // Rows written: the pool keeps its connection, so the database stays open and served.
      tally.await("batch_time=\\S+ lines=1 .*total_rows=2", 120);

      // H2 writes where its auto-server listens into the lock file, for the JVMs that come later.
      Properties lock = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(database + ".lock.db"))) {
        lock.load(in);
      }
      String server = lock.getProperty("server", "");
      int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));

      List<InetSocketAddress> listening = ListeningSockets.of(tally.handle().pid());
      assertTrue(listening.stream().anyMatch(a -> a.getPort() == port), "H2's port " + port + " among " + listening);
      for (InetSocketAddress address : listening) {
        assertTrue(address.getAddress().isLoopbackAddress(), address + " of " + listening + "; H2's lock file: " + lock);
      }
    }
  }

  @Test
  void readsTheKernelsAddresses() throws Exception {
    assertEquals(new InetSocketAddress("127.0.0.1", 8080), ListeningSockets.address("0100007F:1F90"));
    assertEquals(new InetSocketAddress("0.0.0.0", 45149), ListeningSockets.address("00000000:B05D"));
    assertEquals(new InetSocketAddress("::1", 80), ListeningSockets.address("00000000000000000000000001000000:0050"));
    assertEquals(new InetSocketAddress("127.0.0.1", 80), ListeningSockets.address("0000000000000000FFFF00000100007F:0050"));
    assertEquals(new InetSocketAddress("::", 80), ListeningSockets.address("00000000000000000000000000000000:0050"));
  }
}
