package dev.tally.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event with a time that the job's batches read, kept until the replay knows each batch's
 * watermark (which needs every batch before it, while the topic's partitions arrive interleaved).
 * Column arrays, not an object per event, and keys and partitions stored once: an at-scale drill
 * reads tens of millions of events. An event read by two batches is held once per batch.
 */
final class TimedEventLog {
  private final int valueCount;
  private final Map<String, Integer> keyIds = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private final Map<String, Integer> inputIds = new HashMap<>();
  private final List<String> inputs = new ArrayList<>();

  private int size;
  private int[] batch = new int[1024];
  private boolean[] readBefore = new boolean[1024];
  private int[] key = new int[1024];
  private long[] time = new long[1024];
  private long[] values;
  private int[] input = new int[1024];
  private long[] position = new long[1024];

  TimedEventLog(int valueCount) {
    this.valueCount = valueCount;
    this.values = new long[1024 * Math.max(1, valueCount)];
  }

  /**
   * One event as batch {@code batchIndex} read it; {@code readBefore} when an earlier batch read the
   * same record (it must count once in the running totals).
   */
  void add(int batchIndex, boolean readBefore, String key, long[] values, long timeMs, String input, long position) {
    if (size == batch.length) {
      grow();
    }
    this.batch[size] = batchIndex;
    this.readBefore[size] = readBefore;
    this.key[size] = keyIds.computeIfAbsent(key, k -> {
      keys.add(k);
      return keys.size() - 1;
    });
    this.time[size] = timeMs;
    System.arraycopy(values, 0, this.values, size * valueCount, valueCount);
    this.input[size] = inputIds.computeIfAbsent(input, i -> {
      inputs.add(i);
      return inputs.size() - 1;
    });
    this.position[size] = position;
    size++;
  }

  private void grow() {
    int capacity = batch.length * 2;
    batch = Arrays.copyOf(batch, capacity);
    readBefore = Arrays.copyOf(readBefore, capacity);
    key = Arrays.copyOf(key, capacity);
    time = Arrays.copyOf(time, capacity);
    values = Arrays.copyOf(values, capacity * Math.max(1, valueCount));
    input = Arrays.copyOf(input, capacity);
    position = Arrays.copyOf(position, capacity);
  }

  int size() {
    return size;
  }

  /** The events' indexes grouped by batch (ascending batch index), each batch's in the order read. */
  int[] byBatch(int batches) {
    int[] starts = new int[batches + 1];
    for (int i = 0; i < size; i++) {
      starts[batch[i] + 1]++;
    }
    for (int b = 0; b < batches; b++) {
      starts[b + 1] += starts[b];
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[starts[batch[i]]++] = i;
    }
    return order;
  }

  int batch(int i) {
    return batch[i];
  }

  boolean readBefore(int i) {
    return readBefore[i];
  }

  String key(int i) {
    return keys.get(key[i]);
  }

  long timeMs(int i) {
    return time[i];
  }

  /** Copies event {@code i}'s values into {@code into} (of length valueCount). */
  void values(int i, long[] into) {
    System.arraycopy(values, i * valueCount, into, 0, valueCount);
  }

  /** Where it was read, as a reject names it: {@code kafka:TOPIC/PARTITION}. */
  String input(int i) {
    return inputs.get(input[i]);
  }

  /** Its offset. */
  long position(int i) {
    return position[i];
  }
}
