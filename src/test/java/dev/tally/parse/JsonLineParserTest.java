package dev.tally.parse;

import static dev.tally.parse.RecordingHandler.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.parse.RecordingHandler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLineParserTest {
  /** key field "campaign", values cost and clicks, 2 decimals. */
  private static LineParser json() {
    return new ParserSpec(InputFormat.JSON, "campaign", List.of("cost", "clicks"), List.of(), ',', 2, 300, 20)
        .newParser();
  }

  @Test
  void stringKeyAndNumberValues() {
    LineParser p = json();
    assertEquals(2, p.valueCount());
    assertEquals(Event.of("spring", 150, 300), parse(p, "{\"campaign\":\"spring\",\"cost\":1.5,\"clicks\":3}").onlyEvent());
  }

  @Test
  void fieldOrderDoesNotMatterAndSpacesAreAllowed() {
    assertEquals(Event.of("s", -25, 100),
        parse(json(), "  { \"clicks\" : 1 , \"cost\" : -0.25 , \"campaign\" : \"s\" }  ").onlyEvent());
  }

  @Test
  void integerKeyIsItsText() {
    assertEquals(Event.of("12345678901234567890", 100, 200),
        parse(json(), "{\"campaign\":12345678901234567890,\"cost\":1,\"clicks\":2}").onlyEvent());
    assertEquals(Event.of("-7", 100, 200), parse(json(), "{\"campaign\":-7,\"cost\":1,\"clicks\":2}").onlyEvent());
  }

  @Test
  void keyIsStrippedOfSurroundingBlanks() {
    assertEquals(Event.of("a b", 100, 200), parse(json(), "{\"campaign\":\"  a b\\t\",\"cost\":1,\"clicks\":2}").onlyEvent());
  }

  @Test
  void valuesMayBeNumericStringsOrExponentsAndAreRounded() {
    assertEquals(Event.of("k", 150, 101),
        parse(json(), "{\"campaign\":\"k\",\"cost\":\"1.5\",\"clicks\":\" 1.005 \"}").onlyEvent());
    assertEquals(Event.of("k", 100000, 25), parse(json(), "{\"campaign\":\"k\",\"cost\":1e3,\"clicks\":2.5E-1}").onlyEvent());
    assertEquals(Event.of("k", -101, 0), parse(json(), "{\"campaign\":\"k\",\"cost\":-1.005,\"clicks\":0.004}").onlyEvent());
  }

  @Test
  void otherFieldsAreSkippedEvenWhenNested() {
    String line = "{\"meta\":{\"campaign\":\"inner\",\"cost\":[1,2,{\"x\":null}]},\"tags\":[\"a\",{\"b\":[]}],"
        + "\"campaign\":\"outer\",\"flag\":true,\"n\":null,\"cost\":2,\"clicks\":3,\"extra\":\"x\"}";
    assertEquals(Event.of("outer", 200, 300), parse(json(), line).onlyEvent());
  }

  @Test
  void hostileAndUnicodeKeysArePlainKeys() {
    assertEquals(Event.of("'; DROP TABLE x; --", 100, 100),
        parse(json(), "{\"campaign\":\"'; DROP TABLE x; --\",\"cost\":1,\"clicks\":1}").onlyEvent());
    assertEquals(Event.of("café ☕", 100, 100),
        parse(json(), "{\"campaign\":\"caf\\u00e9 \u2615\",\"cost\":1,\"clicks\":1}").onlyEvent());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // missing fields
      "{\"cost\":1,\"clicks\":2}|missing key field 'campaign'",
      "{}|missing key field 'campaign'",
      "{\"campaign\":\"k\",\"clicks\":2}|missing value field 'cost'",
      "{\"campaign\":\"k\",\"cost\":2}|missing value field 'clicks'",
      "{\"campaign\":\"k\",\"Cost\":1,\"clicks\":2}|missing value field 'cost'",
      // wrong types
      "{\"campaign\":\"k\",\"cost\":null,\"clicks\":2}|value field 'cost' is not a number",
      "{\"campaign\":\"k\",\"cost\":true,\"clicks\":2}|value field 'cost' is not a number",
      "{\"campaign\":\"k\",\"cost\":{\"v\":1},\"clicks\":2}|value field 'cost' is not a number",
      "{\"campaign\":\"k\",\"cost\":[1],\"clicks\":2}|value field 'cost' is not a number",
      "{\"campaign\":\"k\",\"cost\":\"abc\",\"clicks\":2}|value field 'cost' is not a number in range: 'abc'",
      "{\"campaign\":\"k\",\"cost\":\"\",\"clicks\":2}|value field 'cost' is not a number in range: ''",
      "{\"campaign\":\"k\",\"cost\":1,\"clicks\":\"NaN\"}|value field 'clicks' is not a number in range: 'NaN'",
      "{\"campaign\":\"k\",\"cost\":1e999999999,\"clicks\":2}|value field 'cost' is not a number in range: '1e999999999'",
      "{\"campaign\":\"k\",\"cost\":92233720368547758.08,\"clicks\":2}|value field 'cost' is not a number in range: '92233720368547758.08'",
      "{\"campaign\":null,\"cost\":1,\"clicks\":2}|key field 'campaign' must be a string or an integer",
      "{\"campaign\":1.5,\"cost\":1,\"clicks\":2}|key field 'campaign' must be a string or an integer",
      "{\"campaign\":true,\"cost\":1,\"clicks\":2}|key field 'campaign' must be a string or an integer",
      "{\"campaign\":{\"id\":1},\"cost\":1,\"clicks\":2}|key field 'campaign' must be a string or an integer",
      "{\"campaign\":[\"a\"],\"cost\":1,\"clicks\":2}|key field 'campaign' must be a string or an integer",
      // empty keys
      "{\"campaign\":\"\",\"cost\":1,\"clicks\":2}|empty key in field 'campaign'",
      "{\"campaign\":\"  \\t \",\"cost\":1,\"clicks\":2}|empty key in field 'campaign'",
      "{\"campaign\":\"xxxxxxxxxxxxxxxxxxxxx\",\"cost\":1,\"clicks\":2}|key in field 'campaign' is longer than 20 characters",
      // not one object
      "[1,2]|not a JSON object",
      "42|not a JSON object",
      "\"text\"|not a JSON object",
      "null|not a JSON object",
      "{}{}|trailing content after the JSON object",
      "{\"campaign\":\"k\",\"cost\":1,\"clicks\":2}{}|trailing content after the JSON object",
      "{\"campaign\":\"k\",\"cost\":1,\"clicks\":2} 5|trailing content after the JSON object",
      "{\"campaign\":\"k\",\"cost\":1,\"clicks\":2} [|trailing content after the JSON object",
  })
  void malformedLinesAreOneRejectWithAReason(String line, String reason) {
    assertEquals(reason, parse(json(), line).onlyReject());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"campaign\":\"k\",\"cost\":1,\"clicks\":2} x|Unrecognized token 'x'",
      "{\"campaign\":|Unexpected end-of-input",
      "{|Unexpected end-of-input",
      "{\"campaign\":\"k\",}|Unexpected character",
      "{'campaign':'k'}|Unexpected character",
      "nope|Unrecognized token 'nope'",
      "{\"campaign\":\"k\",\"cost\":NaN,\"clicks\":2}|Non-standard token 'NaN'",
      "{\"campaign\":\"a\",\"campaign\":\"b\",\"cost\":1,\"clicks\":2}|Duplicate field 'campaign'",
      "{\"campaign\":\"a\",\"cost\":1,\"cost\":2,\"clicks\":2}|Duplicate field 'cost'",
  })
  void badJsonIsOneRejectQuotingJackson(String line, String detail) {
    String reason = parse(json(), line).onlyReject();
    assertTrue(reason.startsWith("bad JSON: "), reason);
    assertTrue(reason.contains(detail), reason);
    assertTrue(!reason.contains("\n") && reason.length() <= "bad JSON: ".length() + 163, reason);
  }

  @Test
  void lineLongerThanTheLimitIsOneReject() {
    String line = "{\"campaign\":\"k\",\"cost\":1,\"clicks\":2,\"pad\":\"" + "x".repeat(300) + "\"}";
    String reason = parse(json(), line).onlyReject();
    assertTrue(reason.contains("limit of 300"), reason);
  }

  @Test
  void blankLineReportsNothing() {
    RecordingHandler h = parse(json(), " \t ");
    assertEquals(List.of(), h.events);
    assertEquals(List.of(), h.rejects);
  }

  @Test
  void aRejectedLineDoesNotLeakItsKeyOrValuesIntoTheNext() {
    LineParser p = json();
    assertEquals(1, parse(p, "{\"campaign\":\"first\",\"cost\":1,\"clicks\":\"x\"}").rejects.size());
    assertEquals("missing key field 'campaign'", parse(p, "{\"cost\":5,\"clicks\":6}").onlyReject());
    assertEquals(1, parse(p, "{\"campaign\":\"second\",\"cost\":1}").rejects.size());
    assertEquals("missing value field 'cost'", parse(p, "{\"campaign\":\"third\",\"clicks\":6}").onlyReject());
    assertEquals(Event.of("fourth", 700, 800), parse(p, "{\"campaign\":\"fourth\",\"cost\":7,\"clicks\":8}").onlyEvent());
  }

  @Test
  void countOnlyJsonNeedsJustTheKey() {
    LineParser p = new ParserSpec(InputFormat.JSON, "user", List.of(), List.of(), ',', 0, 100, 10).newParser();
    assertEquals(0, p.valueCount());
    assertEquals(Event.of("u1"), parse(p, "{\"user\":\"u1\",\"cost\":\"ignored\"}").onlyEvent());
  }
}
