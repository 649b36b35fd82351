package dev.tally.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit's summary: a table of checks (what was expected, what was found, ok or DIFFERS), the
 * first few differences of each failed check, notes on what was not compared and why, and a last
 * line that says PASSED or FAILED with the counts a drill log wants.
 */
public final class AuditReport {
  private record Row(String check, String expected, String found, Boolean ok) {}

  private final List<String> header = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> differences = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();

  void header(String line) {
    header.add(line);
  }

  /** A figure that is neither right nor wrong. */
  void info(String check, Object found) {
    rows.add(new Row(check, "", String.valueOf(found), null));
  }

  void check(String check, Object expected, Object found, boolean ok) {
    rows.add(new Row(check, String.valueOf(expected), String.valueOf(found), ok));
  }

  /** A check with {@code expected} items of which {@code equal} were found equal: ok when all were. */
  void equalOf(String check, long expected, long equal) {
    check(check, expected, equal + "/" + expected, equal == expected);
  }

  /** A check that should find nothing: ok at zero. */
  void none(String check, long found) {
    check(check, 0, found, found == 0);
  }

  void difference(String line) {
    differences.add(line);
  }

  void note(String line) {
    notes.add(line);
  }

  /** A {@code name=value} pair for the last line. */
  void summary(String nameValue) {
    summary.add(nameValue);
  }

  public boolean passed() {
    return rows.stream().noneMatch(r -> Boolean.FALSE.equals(r.ok()));
  }

  public void print(PrintStream out) {
    header.forEach(out::println);
    out.println();
    int checkWidth = "CHECK".length();
    int expectedWidth = "EXPECTED".length();
    int foundWidth = "FOUND".length();
    for (Row r : rows) {
      checkWidth = Math.max(checkWidth, r.check().length());
      expectedWidth = Math.max(expectedWidth, r.expected().length());
      foundWidth = Math.max(foundWidth, r.found().length());
    }
    String format = "  %-" + checkWidth + "s  %" + expectedWidth + "s  %" + foundWidth + "s  %s%n";
    out.printf(format, "CHECK", "EXPECTED", "FOUND", "RESULT");
    for (Row r : rows) {
      out.printf(format, r.check(), r.expected(), r.found(), r.ok() == null ? "" : r.ok() ? "ok" : "DIFFERS");
    }
    if (!differences.isEmpty()) {
      out.println();
      out.println("Differences:");
      differences.forEach(d -> out.println("  " + d));
    }
    if (!notes.isEmpty()) {
      out.println();
      out.println("Notes:");
      notes.forEach(n -> out.println("  " + n));
    }
    out.println();
    long failed = rows.stream().filter(r -> Boolean.FALSE.equals(r.ok())).count();
    out.println("audit " + (failed == 0 ? "PASSED" : "FAILED (" + failed + " of "
        + rows.stream().filter(r -> r.ok() != null).count() + " checks differ)") + ": " + String.join(" ", summary));
    out.flush();
  }
}
