package dev.tally.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as Linux shows them: its socket inodes from
 * {@code /proc/PID/fd}, matched with the listening entries of {@code /proc/PID/net/tcp} and {@code tcp6}.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Every address and port process {@code pid} listens on. */
  public static List<InetSocketAddress> of(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    List<InetSocketAddress> listening = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
      for (String line : lines.subList(1, lines.size())) { // after the header
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
          listening.add(address(fields[1]));
        }
      }
    }
    return listening;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // a descriptor closed while listing: not a listening socket of interest
        }
      }
    }
    return inodes;
  }

  /** "0100007F:1F90" (IPv4) or 32 hex digits and a port (IPv6): the kernel's words in host byte order. */
  public static InetSocketAddress address(String hex) throws IOException {
    String[] parts = hex.split(":");
    byte[] bytes = new byte[parts[0].length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        // each 32-bit word is printed as a number of a little-endian machine: its bytes reversed
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
  }
}
