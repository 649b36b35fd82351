package dev.tally.parse;

import static dev.tally.parse.RecordingHandler.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.parse.RecordingHandler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextLineParserTest {
  private static LineParser parser(int maxLineLength, int maxKeyLength) {
    return new ParserSpec(InputFormat.TEXT, "key", List.of(), List.of(), ',', 0, maxLineLength, maxKeyLength)
        .newParser();
  }

  private static List<String> keys(RecordingHandler h) {
    return h.events.stream().map(Event::key).toList();
  }

  @Test
  void everyWordIsAnEventWithNoValues() {
    LineParser p = ParserSpec.text().newParser();
    RecordingHandler h = parse(p, "the quick brown the");
    assertEquals(List.of("the", "quick", "brown", "the"), keys(h));
    assertTrue(h.events.stream().allMatch(e -> e.values().isEmpty()));
    assertEquals(List.of(), h.rejects);
    assertEquals(0, p.valueCount());
  }

  @Test
  void splitsOnSpacesTabsAndRunsOfBlanks() {
    RecordingHandler h = parse(ParserSpec.text().newParser(), "  a\tb  \t c\u2003d\u0001e   ");
    assertEquals(List.of("a", "b", "c", "d", "e"), keys(h));
    assertEquals(List.of(), h.rejects);
  }

  @Test
  void punctuationAndUnicodeStayPartOfTheWord() {
    RecordingHandler h = parse(ParserSpec.text().newParser(), "café ☕ don't x,y '; DROP");
    assertEquals(List.of("café", "☕", "don't", "x,y", "';", "DROP"), keys(h));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "   \t  ", "\u2003"})
  void blankLinesReportNothing(String line) {
    RecordingHandler h = parse(ParserSpec.text().newParser(), line);
    assertEquals(List.of(), h.events);
    assertEquals(List.of(), h.rejects);
  }

  @Test
  void lineLongerThanTheLimitIsOneRejectMentioningTheLimit() {
    LineParser p = parser(10, 5);
    String reason = parse(p, "a b c d e f").onlyReject(); // 11 characters
    assertTrue(reason.contains("11"), reason);
    assertTrue(reason.contains("limit of 10"), reason);
  }

  @Test
  void lineExactlyAtTheLimitIsParsed() {
    RecordingHandler h = parse(parser(10, 5), "a b c d ef");
    assertEquals(List.of("a", "b", "c", "d", "ef"), keys(h));
  }

  @Test
  void wordLongerThanTheKeyLimitRejectsTheWholeLine() {
    LineParser p = parser(100, 5);
    String reason = parse(p, "ok fine toolong ok").onlyReject();
    assertTrue(reason.contains("key limit of 5"), reason);
  }

  @Test
  void wordExactlyAtTheKeyLimitIsAnEvent() {
    RecordingHandler h = parse(parser(100, 5), "abcde  abcde");
    assertEquals(List.of("abcde", "abcde"), keys(h));
    assertEquals(List.of(), h.rejects);
  }

  @Test
  void parserIsReusableAcrossLines() {
    LineParser p = parser(100, 5);
    assertEquals(1, parse(p, "toolongword").rejects.size());
    assertEquals(List.of("a", "b"), keys(parse(p, "a b")));
  }
}
