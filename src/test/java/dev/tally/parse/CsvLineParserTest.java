package dev.tally.parse;

import static dev.tally.parse.RecordingHandler.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.parse.RecordingHandler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLineParserTest {
  /** key, cost, clicks with 2 decimals. */
  private static LineParser standard() {
    return csv(List.of(), ',');
  }

  private static LineParser csv(List<String> columns, char delimiter) {
    return new ParserSpec(InputFormat.CSV, "campaign", List.of("cost", "clicks"), columns, delimiter, 2, 200, 20)
        .newParser();
  }

  @Test
  void keyAndTwoValues() {
    LineParser p = standard();
    assertEquals(2, p.valueCount());
    assertEquals(Event.of("spring", 150, 300), parse(p, "spring,1.5,3").onlyEvent());
  }

  @Test
  void unquotedFieldsAreTrimmedOfSpaces() {
    assertEquals(Event.of("spring sale", -25, 0), parse(standard(), "  spring sale  , -0.25 ,0").onlyEvent());
  }

  @Test
  void valuesAreRoundedToTheDecimals() {
    assertEquals(Event.of("k", 101, -101), parse(standard(), "k,1.005,-1.005").onlyEvent());
  }

  @Test
  void customColumnOrder() {
    LineParser p = csv(List.of("clicks", "ignored", "campaign", "cost"), ',');
    assertEquals(Event.of("summer", 1250, 700), parse(p, "7,whatever,summer,12.5").onlyEvent());
  }

  @Test
  void tabDelimiter() {
    LineParser p = csv(List.of(), '\t');
    assertEquals(Event.of("a,b", 100, 200), parse(p, "a,b\t1\t2").onlyEvent());
    assertEquals("expected 3 columns, found 1", parse(p, "a,1,2").onlyReject());
  }

  @Test
  void quotedFieldsMayHoldTheDelimiterAndDoubledQuotes() {
    LineParser p = standard();
    assertEquals(Event.of("a,b", 100, 200), parse(p, "\"a,b\",1,2").onlyEvent());
    assertEquals(Event.of("say \"hi\"", 100, 200), parse(p, "\"say \"\"hi\"\"\",1,2").onlyEvent());
    assertEquals(Event.of("  padded ", 100, 200), parse(p, "\"  padded \" ,1,2").onlyEvent());
    assertEquals(Event.of("k", 350, 200), parse(p, "k,\"3.5\",\"2\"").onlyEvent());
  }

  @Test
  void hostileTextIsAPlainKey() {
    LineParser p = standard();
    assertEquals(Event.of("'; DROP TABLE x; --", 100, 100), parse(p, "'; DROP TABLE x; --,1,1").onlyEvent());
    assertEquals(Event.of("café ☕", 100, 100), parse(p, "café ☕,1,1").onlyEvent());
    assertEquals(Event.of("<b onclick=x>", 0, 0), parse(p, "<b onclick=x>,0,0").onlyEvent());
    assertEquals(Event.of("${jndi:ldap://x}", 0, 0), parse(p, "${jndi:ldap://x},0,0").onlyEvent());
    assertEquals(Event.of("Robert'); --", 100, 100), parse(p, "\"Robert'); --\",1,1").onlyEvent());
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "k|expected 3 columns, found 1",
      "k,1|expected 3 columns, found 2",
      "k,1,2,3|expected 3 columns, found 4",
      "k,1,2,|expected 3 columns, found 4",
      "`,,,,`|expected 3 columns, found 5",
      "`\"a,b\",1`|expected 3 columns, found 2",
  })
  void wrongColumnCount(String line, String reason) {
    assertEquals(reason, parse(standard(), line).onlyReject());
  }

  @Test
  void emptyLastColumnHasTheRightCountButIsNotANumber() {
    assertEquals("column 'clicks' is not a number in range: ''", parse(standard(), "k,1,").onlyReject());
  }

  @Test
  void trailingDelimiterCountsAsAnExtraEmptyColumn() {
    LineParser p = csv(List.of("campaign", "cost", "clicks", "note"), ',');
    assertEquals(Event.of("k", 100, 200), parse(p, "k,1,2,").onlyEvent());
    assertEquals("expected 4 columns, found 5", parse(p, "k,1,2,,").onlyReject());
  }

  @Test
  void nonNumericValueNamesTheColumn() {
    assertEquals("column 'cost' is not a number in range: 'abc'", parse(standard(), "k,abc,2").onlyReject());
    assertEquals("column 'clicks' is not a number in range: '1.2.3'", parse(standard(), "k,1,1.2.3").onlyReject());
    assertEquals("column 'cost' is not a number in range: 'NaN'", parse(standard(), "k,NaN,1").onlyReject());
    assertEquals("column 'cost' is not a number in range: '1e999999999'",
        parse(standard(), "k,1e999999999,1").onlyReject());
  }

  @Test
  void longBadValueIsExcerpted() {
    String reason = parse(standard(), "k," + "x".repeat(100) + ",1").onlyReject();
    assertEquals("column 'cost' is not a number in range: '" + "x".repeat(40) + "...'", reason);
  }

  @Test
  void emptyKeyIsRejected() {
    assertEquals("empty key in column 'campaign'", parse(standard(), ",1,2").onlyReject());
    assertEquals("empty key in column 'campaign'", parse(standard(), "   ,1,2").onlyReject());
    assertEquals("empty key in column 'campaign'", parse(standard(), "\"  \",1,2").onlyReject());
    assertEquals("empty key in column 'campaign'", parse(standard(), "\"\",1,2").onlyReject());
  }

  @Test
  void keyLongerThanTheLimitIsRejected() {
    assertEquals("key in column 'campaign' is longer than 20 characters",
        parse(standard(), "x".repeat(21) + ",1,2").onlyReject());
    assertEquals(Event.of("x".repeat(20), 100, 200), parse(standard(), "x".repeat(20) + ",1,2").onlyEvent());
  }

  @Test
  void unterminatedQuoteIsRejected() {
    assertEquals("unterminated quote in column 1", parse(standard(), "\"abc,1,2").onlyReject());
    assertEquals("unterminated quote in column 3", parse(standard(), "k,1,\"2").onlyReject());
    assertEquals("unterminated quote in column 1", parse(standard(), "\"a\"\",1,2").onlyReject());
  }

  @Test
  void textAfterAClosingQuoteIsRejected() {
    assertEquals("text after the closing quote in column 1", parse(standard(), "\"a\"b,1,2").onlyReject());
  }

  @Test
  void lineLongerThanTheLimitIsOneReject() {
    String line = "k,1," + "9".repeat(197); // 201 characters
    String reason = parse(standard(), line).onlyReject();
    assertTrue(reason.contains("limit of 200"), reason);
  }

  @Test
  void blankLineReportsNothing() {
    RecordingHandler h = parse(standard(), "   ");
    assertEquals(List.of(), h.events);
    assertEquals(List.of(), h.rejects);
  }

  @Test
  void countOnlyCsvHasNoValues() {
    LineParser p = new ParserSpec(InputFormat.CSV, "key", List.of(), List.of("ts", "key"), ',', 0, 100, 10).newParser();
    assertEquals(0, p.valueCount());
    assertEquals(Event.of("a"), parse(p, "2024-01-01,a").onlyEvent());
  }

  @Test
  void badLineDoesNotDisturbTheNextOne() {
    LineParser p = standard();
    assertEquals(1, parse(p, "\"x,1,2").rejects.size());
    assertEquals(1, parse(p, "x,1,2,3,4,5,6").rejects.size());
    assertEquals(Event.of("y", 100, 200), parse(p, "y,1,2").onlyEvent());
  }
}
