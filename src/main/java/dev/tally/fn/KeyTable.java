package dev.tally.fn;

/**
 * The per-partition accumulators of {@link PartitionCombiner}: an open-addressing table from key to
 * a row of {@code width} longs in one flat array. A key is looked up by its characters inside the
 * line it came from, so the per-record path makes no String, and computes no second hash, for a key
 * already seen; a String is made once per distinct key.
 */
final class KeyTable {
  private static final int MIN_CAPACITY = 64;

  private final int width;
  private String[] keys;
  private int[] hashes;
  private long[] rows;
  private int size;

  KeyTable(int width) {
    this.width = width;
    allocate(MIN_CAPACITY);
  }

  /** Where the row of key {@code text[start, end)} starts in {@link #rows()}; a new key gets a zero row. */
  int rowOf(String text, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i); // String.hashCode's, over the range
    }
    int length = end - start;
    int mask = keys.length - 1;
    int slot = spread(hash) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) {
        break;
      }
      if (hashes[slot] == hash && key.length() == length && text.regionMatches(start, key, 0, length)) {
        return slot * width;
      }
      slot = (slot + 1) & mask;
    }
    if (2 * (size + 1) > keys.length) { // at most half full: short probe runs
      grow();
      return rowOf(text, start, end);
    }
    keys[slot] = text.substring(start, end);
    hashes[slot] = hash;
    size++;
    return slot * width;
  }

  /** The rows; a row found before may move when a later new key grows the table. */
  long[] rows() {
    return rows;
  }

  int size() {
    return size;
  }

  /** What {@link #forEach} hands each key to. */
  interface RowVisitor {
    void visit(String key, long[] rows, int row);
  }

  /** Every key with its row. */
  void forEach(RowVisitor visitor) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        visitor.visit(keys[slot], rows, slot * width);
      }
    }
  }

  private static int spread(int hash) {
    int h = hash * 0x9E3779B9; // multiplicative mixing: String hashes of similar keys differ in low bits only
    return h ^ (h >>> 16);
  }

  private void allocate(int capacity) {
    keys = new String[capacity];
    hashes = new int[capacity];
    rows = new long[capacity * width];
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    long[] oldRows = rows;
    allocate(oldKeys.length * 2);
    int mask = keys.length - 1;
    for (int old = 0; old < oldKeys.length; old++) {
      if (oldKeys[old] != null) {
        int slot = spread(oldHashes[old]) & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[old];
        hashes[slot] = oldHashes[old];
        System.arraycopy(oldRows, old * width, rows, slot * width, width);
      }
    }
  }
}
