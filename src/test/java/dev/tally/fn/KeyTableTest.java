package dev.tally.fn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyTableTest {
  private static Map<String, long[]> contents(KeyTable table, int width) {
    Map<String, long[]> out = new HashMap<>();
    table.forEach((key, rows, row) -> out.put(key, java.util.Arrays.copyOfRange(rows, row, row + width)));
    return out;
  }

  @Test
  void findsAKeyByItsCharactersInsideAnyLine() {
    KeyTable table = new KeyTable(2);
    int row = table.rowOf("x,apple,1", 2, 7);
    table.rows()[row] = 5;
    assertEquals(row, table.rowOf("apple", 0, 5));
    assertEquals(row, table.rowOf("  apple  ", 2, 7));
    assertNotEquals(row, table.rowOf("apples", 0, 6), "a longer key is another key");
    assertNotEquals(row, table.rowOf("appl", 0, 4), "so is a prefix");
    assertEquals(3, table.size());
    assertArrayEquals(new long[] {5, 0}, contents(table, 2).get("apple"));
  }

  @Test
  void keysWithTheSameStringHashStayApart() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    KeyTable table = new KeyTable(1);
    table.rows()[table.rowOf("Aa", 0, 2)] += 1;
    table.rows()[table.rowOf("BB", 0, 2)] += 10;
    table.rows()[table.rowOf("AaBB", 2, 4)] += 100; // "BB" again, from another line
    table.rows()[table.rowOf("AaAa", 0, 2)] += 1000; // "Aa" again
    Map<String, long[]> contents = contents(table, 1);
    assertEquals(2, contents.size());
    assertArrayEquals(new long[] {1001}, contents.get("Aa"));
    assertArrayEquals(new long[] {110}, contents.get("BB"));
  }

  @Test
  void keepsEveryRowAsItGrowsToManyKeys() {
    KeyTable table = new KeyTable(3);
    Map<String, long[]> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      String key = "k" + random.nextInt(50_000);
      String line = "id" + i + "," + key + ",v";
      int start = line.indexOf(',') + 1;
      int row = table.rowOf(line, start, start + key.length());
      long[] rows = table.rows();
      rows[row]++;
      rows[row + 1] += i;
      rows[row + 2] -= key.length();
      long[] want = expected.computeIfAbsent(key, k -> new long[3]);
      want[0]++;
      want[1] += i;
      want[2] -= key.length();
    }
    Map<String, long[]> contents = contents(table, 3);
    assertEquals(expected.size(), table.size());
    assertEquals(expected.keySet(), contents.keySet());
    expected.forEach((key, want) -> assertArrayEquals(want, contents.get(key), key));
  }

  @Test
  void theEmptyKeyIsAKeyToo() {
    KeyTable table = new KeyTable(1);
    table.rows()[table.rowOf("a,,b", 2, 2)]++;
    table.rows()[table.rowOf("", 0, 0)]++;
    assertArrayEquals(new long[] {2}, contents(table, 1).get(""));
  }
}
