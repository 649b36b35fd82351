package dev.tally.bench.jar;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One batch as the jar's health line reports it ({@code health: batch_time=2026-12-05T12:00:02.000Z lines=57 ...
 * processing_ms=412 scheduling_delay_ms=3}, README "The health line"): the figures a user sees, read the
 * way a log shipper reads them, as {@code key=value} pairs.
 */
public record HealthLine(long lines, long rejects, long totalRows, long windowRows, long processingMs, long delayMs) {
  private static final Pattern FIELD = Pattern.compile(" ([a-z_]+)(?:\\.\\S+)?=(\\S+)");

  /** The batch on {@code logLine}, if it is a health line. */
  public static Optional<HealthLine> parse(String logLine) {
    int start = logLine.indexOf("health: batch_time=");
    if (start < 0) {
      return Optional.empty();
    }
    long lines = -1;
    long rejects = 0;
    long totalRows = 0;
    long windowRows = 0;
    long processing = -1;
    long delay = -1;
    Matcher field = FIELD.matcher(logLine.substring(start + "health:".length()));
    while (field.find()) {
      switch (field.group(1)) {
        case "lines" -> lines = Long.parseLong(field.group(2));
        case "rejects" -> rejects = Long.parseLong(field.group(2));
        case "total_rows" -> totalRows = Long.parseLong(field.group(2));
        case "window_rows" -> windowRows += Long.parseLong(field.group(2));
        case "processing_ms" -> processing = Long.parseLong(field.group(2));
        case "scheduling_delay_ms" -> delay = Long.parseLong(field.group(2));
        default -> { }
      }
    }
    if (lines < 0 || processing < 0 || delay < 0) {
      return Optional.empty();
    }
    return Optional.of(new HealthLine(lines, rejects, totalRows, windowRows, processing, delay));
  }

  /** From batch time to the end of the batch's last output: its rows are committed by then. */
  public long committedAfterMs() {
    return delayMs + processingMs;
  }
}
