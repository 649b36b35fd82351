package dev.tally.checkpoint;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Checks a file against the checksum file Hadoop's local file system writes beside it
 * ({@code .NAME.crc}: the magic {@code crc\0}, the bytes per checksum, then one CRC-32 per chunk),
 * so that the guard can read local checkpoints without loading Hadoop and still notice an edit.
 */
final class HadoopChecksum {
  private static final byte[] MAGIC = {'c', 'r', 'c', 0};

  private HadoopChecksum() {}

  /** True when {@code crcFile} is a checksum of {@code data}; false when it differs or is not one. */
  static boolean matches(byte[] crcFile, byte[] data) {
    if (crcFile.length < 8) {
      return false;
    }
    ByteBuffer in = ByteBuffer.wrap(crcFile);
    for (byte b : MAGIC) {
      if (in.get() != b) {
        return false;
      }
    }
    int chunk = in.getInt();
    if (chunk <= 0) {
      return false;
    }
    int chunks = (data.length + chunk - 1) / chunk;
    if (in.remaining() != 4L * chunks) {
      return false;
    }
    CRC32 crc = new CRC32();
    for (int start = 0; start < data.length; start += chunk) {
      crc.reset();
      crc.update(data, start, Math.min(chunk, data.length - start));
      if ((int) crc.getValue() != in.getInt()) {
        return false;
      }
    }
    return true;
  }
}
