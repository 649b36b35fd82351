package dev.tally.checkpointed;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function;

/**
 * Runs in a socket receiver: splits what the server sends into lines of bytes ({@code \n}, a {@code \r}
 * before it dropped), decoded later so that a line that is not UTF-8 can be rejected. A socket closed
 * by the receiver's own stop ends the lines quietly; any other read error fails as before.
 */
public final class SocketLines implements Function<InputStream, Iterable<byte[]>> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterable<byte[]> call(InputStream stream) {
    return new Lines(new BufferedInputStream(stream));
  }

  /** Iterated once, by the receiver. */
  private record Lines(InputStream in) implements Iterable<byte[]> {
    @Override
    public Iterator<byte[]> iterator() {
      return new LineIterator(in);
    }
  }

  private static final class LineIterator implements Iterator<byte[]> {
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private byte[] next;
    private boolean ended;

    LineIterator(InputStream in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !ended) {
        next = readLine();
      }
      return next != null;
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] line = next;
      next = null;
      return line;
    }

    private byte[] readLine() {
      line.reset();
      try {
        int b;
        while ((b = in.read()) >= 0) {
          if (b == '\n') {
            return withoutCarriageReturn(line.toByteArray());
          }
          line.write(b);
        }
      } catch (SocketException e) {
        if (!"Socket closed".equals(e.getMessage())) {
          throw new UncheckedIOException(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ended = true; // the server closed the connection, or the receiver stopped
      return line.size() > 0 ? withoutCarriageReturn(line.toByteArray()) : null;
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\r') {
        byte[] shorter = new byte[n - 1];
        System.arraycopy(bytes, 0, shorter, 0, n - 1);
        return shorter;
      }
      return bytes;
    }
  }
}
