package dev.tally.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {
  private static String text(CopyText copy) {
    return new String(copy.bytes(), 0, copy.length(), StandardCharsets.UTF_8);
  }

  @Test
  void columnsAreTabSeparatedRowsEndWithANewlineAndSpecialCharactersAreEscaped() {
    CopyText copy = new CopyText(8); // grows as needed
    copy.setString(1, "tab\there");
    copy.setString(2, "back\\slash new\nline cr\rend");
    copy.setLong(3, -42);
    copy.endRow();
    copy.setString(1, "café ☕ 日本 😀, \\N stays text");
    copy.setString(2, "");
    copy.setLong(3, Long.MIN_VALUE);
    copy.endRow();
    assertEquals("tab\\there\tback\\\\slash new\\nline cr\\rend\t-42\n"
        + "café ☕ 日本 😀, \\\\N stays text\t\t" + Long.MIN_VALUE + "\n", text(copy));
  }

  @Test
  void decimalsAreExactPlainText() {
    long[] units = {0, 5, -5, 150, -25, 123456789, -100, Long.MAX_VALUE, Long.MIN_VALUE};
    String[] expected = {"0.00", "0.05", "-0.05", "1.50", "-0.25", "1234567.89", "-1.00", "92233720368547758.07",
        "-92233720368547758.08"};
    for (int i = 0; i < units.length; i++) {
      CopyText copy = new CopyText(64);
      copy.setDecimal(1, units[i], 2);
      assertEquals(expected[i], text(copy), "units " + units[i]);
    }
    CopyText wholes = new CopyText(64);
    wholes.setDecimal(1, -7, 0);
    wholes.setDecimal(2, 7, 5);
    assertEquals("-7\t0.00007", text(wholes));
  }

  @Test
  void timestampsAreIsoInstantsInUtc() {
    CopyText copy = new CopyText(64);
    copy.setTimestamp(1, 1_700_000_010_000L);
    copy.setTimestamp(2, 1_700_000_010_123L);
    copy.setTimestamp(3, 1_700_000_010_000L);
    assertEquals("2023-11-14T22:13:30Z\t2023-11-14T22:13:30.123Z\t2023-11-14T22:13:30Z", text(copy));
  }

  @Test
  void columnsOutOfOrderAreRefusedAndClearStartsAgain() {
    CopyText copy = new CopyText(64);
    copy.setLong(1, 1);
    assertThrows(IllegalStateException.class, () -> copy.setLong(3, 3));
    copy.clear();
    copy.setLong(1, 9);
    copy.endRow();
    assertEquals("9\n", text(copy));
  }
}
