package dev.tally.bench.jar;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One batch as the jar's health line reports it ({@code batch 12:00:02 lines=57 ... processing=412ms
 * delay=3ms}): the figures a user sees, read the way a user reads them.
 */
public record HealthLine(long lines, long totalRows, long windowRows, long processingMs, long delayMs) {
  private static final Pattern BATCH = Pattern.compile(
      "health: batch \\S+ lines=(\\d+).*?(?:windowRows=\\{([^}]*)\\} )?(?:totalRows=(\\d+) )?.*?processing=(\\d+)ms delay=(\\d+)ms");
  private static final Pattern WINDOW_ROWS = Pattern.compile("=(\\d+)");

  /** The batch on {@code logLine}, if it is a health line. */
  public static Optional<HealthLine> parse(String logLine) {
    Matcher m = BATCH.matcher(logLine);
    if (!m.find()) {
      return Optional.empty();
    }
    long windowRows = 0;
    if (m.group(2) != null) {
      Matcher w = WINDOW_ROWS.matcher(m.group(2));
      while (w.find()) {
        windowRows += Long.parseLong(w.group(1));
      }
    }
    return Optional.of(new HealthLine(Long.parseLong(m.group(1)), m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
        windowRows, Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
  }

  /** From batch time to the end of the batch's last output: its rows are committed by then. */
  public long committedAfterMs() {
    return delayMs + processingMs;
  }
}
