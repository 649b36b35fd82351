package dev.tally.checkpointed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketLinesTest {

  @Test
  void splitsOnNewlinesDropsCarriageReturnsAndKeepsBytesAsSent() {
    byte[] sent = {'a', ' ', 'b', '\n', 'c', '\r', '\n', '\n', (byte) 0xFF, 'x', '\n', 'l', 'a', 's', 't'};
    List<byte[]> lines = lines(new ByteArrayInputStream(sent));
    assertEquals(5, lines.size());
    assertArrayEquals("a b".getBytes(UTF_8), lines.get(0));
    assertArrayEquals("c".getBytes(UTF_8), lines.get(1));
    assertArrayEquals(new byte[0], lines.get(2));
    assertArrayEquals(new byte[] {(byte) 0xFF, 'x'}, lines.get(3)); // decoded (and rejected) later
    assertArrayEquals("last".getBytes(UTF_8), lines.get(4)); // the server closed after it
  }

  @Test
  void aSocketClosedByTheReceiversStopEndsTheLinesQuietly() {
    List<byte[]> lines = lines(failingAfter("one\ntw", new SocketException("Socket closed")));
    assertEquals(List.of("one", "tw"), lines.stream().map(b -> new String(b, UTF_8)).toList());
  }

  @Test
  void anyOtherReadErrorStillFails() {
    InputStream reset = failingAfter("one\n", new SocketException("Connection reset"));
    Iterable<byte[]> lines = new SocketLines().call(reset);
    var it = lines.iterator();
    assertEquals("one", new String(it.next(), UTF_8));
    assertThrows(UncheckedIOException.class, it::hasNext);
  }

  private static List<byte[]> lines(InputStream in) {
    List<byte[]> out = new ArrayList<>();
    new SocketLines().call(in).forEach(out::add);
    return out;
  }

  /** Sends {@code text}, then fails every read with {@code failure}. */
  private static InputStream failingAfter(String text, IOException failure) {
    byte[] bytes = text.getBytes(UTF_8);
    return new InputStream() {
      private int next;

      @Override
      public int read() throws IOException {
        if (next < bytes.length) {
          return bytes[next++];
        }
        throw failure;
      }
    };
  }
}
