package dev.tally.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StrictUtf8Test {
  private final StrictUtf8 utf8 = new StrictUtf8();

  @Test
  void validTextIsDecodedAsIs() {
    for (String text : new String[] {"", "plain ascii", "café,1.50", "\uD83D\uDE00 emoji", "\uFFFD itself"}) {
      byte[] bytes = ("xx" + text + "yy").getBytes(UTF_8);
      assertEquals(text, utf8.decode(bytes, 2, bytes.length - 4));
    }
  }

  @Test
  void malformedOrTruncatedSequencesAreRefused() {
    assertNull(utf8.decode(new byte[] {'a', (byte) 0xFF, 'b'}, 0, 3)); // never valid in UTF-8
    assertNull(utf8.decode(new byte[] {'a', (byte) 0xC3}, 0, 2)); // cut after the first byte of é
    assertNull(utf8.decode(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2)); // overlong '/'
    assertNull(utf8.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)); // a lone surrogate
    assertEquals("ok", utf8.decode(new byte[] {'o', 'k', (byte) 0xFF}, 0, 2), "only the given range counts");
  }

  @Test
  void lenientDecodingShowsBadBytesAsReplacementCharacters() {
    assertEquals("a\uFFFDb", StrictUtf8.lenient(new byte[] {'a', (byte) 0xFF, 'b'}, 0, 3));
  }
}
