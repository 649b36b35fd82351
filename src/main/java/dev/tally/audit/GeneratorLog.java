package dev.tally.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares the events a generator logged (one line per produced event, the exact value line; each
 * event carries a unique id, so a line is an event) with the values the topic holds: events that
 * never reached the topic, and events the topic holds more than once (a producer's retries). Those
 * are the generator's and Kafka's doing, reported apart from Tally's own losses and duplicates.
 *
 * <p>Lines are kept as 64-bit hashes in sorted primitive arrays, not as strings: millions of
 * events take megabytes. Two different events sharing a hash (odds about n²/2⁶⁵, 3e-8 for a
 * million) would hide one missing event.
 */
final class GeneratorLog {
  private static final int EXAMPLES = 5;

  private long[] topic = new long[1024];
  private int topicCount;

  /** The result: counts and a few example lines. */
  record Result(long logged, long missing, long extraCopies, long notLogged, List<String> missingExamples,
      List<String> extraCopyExamples) {}

  /** One value the topic holds (a null value counts as the empty line Tally reads). */
  void topicValue(String value) {
    if (topicCount == topic.length) {
      topic = Arrays.copyOf(topic, topic.length * 2);
    }
    topic[topicCount++] = hash(value == null ? "" : value);
  }

  Result compare(Path log) throws IOException {
    long[] logged = new long[1024];
    int loggedCount = 0;
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (loggedCount == logged.length) {
          logged = Arrays.copyOf(logged, logged.length * 2);
        }
        logged[loggedCount++] = hash(line);
      }
    }
    Arrays.sort(logged, 0, loggedCount);
    long[] held = Arrays.copyOf(topic, topicCount);
    Arrays.sort(held);

    long missing = 0;
    long extra = 0;
    long notLogged = 0;
    long[] missingHashes = new long[EXAMPLES];
    int missingFound = 0;
    long[] extraHashes = new long[EXAMPLES];
    int extraFound = 0;
    int i = 0;
    int j = 0;
    while (i < loggedCount || j < held.length) {
      long h = i < loggedCount && (j >= held.length || logged[i] <= held[j]) ? logged[i] : held[j];
      int inLog = 0;
      while (i < loggedCount && logged[i] == h) {
        inLog++;
        i++;
      }
      int inTopic = 0;
      while (j < held.length && held[j] == h) {
        inTopic++;
        j++;
      }
      if (inLog == 0) {
        notLogged += inTopic;
      } else if (inTopic < inLog) {
        missing += inLog - inTopic;
        if (missingFound < EXAMPLES) {
          missingHashes[missingFound++] = h;
        }
      } else if (inTopic > inLog) {
        extra += inTopic - inLog;
        if (extraFound < EXAMPLES) {
          extraHashes[extraFound++] = h;
        }
      }
    }
    return new Result(loggedCount, missing, extra, notLogged,
        linesWithHashes(log, Arrays.copyOf(missingHashes, missingFound)),
        linesWithHashes(log, Arrays.copyOf(extraHashes, extraFound)));
  }

  /** The log's first line for each of {@code hashes}, in log order. */
  private static List<String> linesWithHashes(Path log, long[] hashes) throws IOException {
    List<String> lines = new ArrayList<>();
    if (hashes.length == 0) {
      return lines;
    }
    Arrays.sort(hashes);
    boolean[] shown = new boolean[hashes.length];
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null && lines.size() < hashes.length; line = in.readLine()) {
        int at = Arrays.binarySearch(hashes, hash(line));
        if (at >= 0 && !shown[at]) {
          shown[at] = true;
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** FNV-1a over the UTF-16 chars, then MurmurHash3's finalizer to spread the bits. */
  static long hash(CharSequence s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
