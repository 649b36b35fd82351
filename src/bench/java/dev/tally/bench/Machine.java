package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run measured on, stated beside every figure: figures from a shared 2-core box and
 * from a workstation are not comparable, and a reader must be able to tell which is which.
 */
public record Machine(int cores, long memoryBytes, String cpuModel, String os, String jvm, long maxHeapBytes,
    String sparkVersion, String loadAverage, ZonedDateTime date) {

  public static Machine describe() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(
        runtime.availableProcessors(),
        readMemTotalBytes(),
        readCpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        runtime.maxMemory(),
        readSparkVersion(),
        // The 1/5/15-minute load at start: on a shared machine, what else was running.
        firstLine(Path.of("/proc/loadavg")).map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3))).orElse("?"),
        ZonedDateTime.now());
  }

  /** One line for chart footers and the table's heading. */
  public String oneLine() {
    return String.format(Locale.ROOT, "%d cores, %s RAM, %s; %s; Spark %s; load %s; %s", cores, gib(memoryBytes),
        cpuModel, shortJvm(), sparkVersion, loadAverage, date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
  }

  /** machine.txt: one fact per line. */
  public String describeLines() {
    return "cores: " + cores + "\n"
        + "memory: " + gib(memoryBytes) + " (" + memoryBytes + " bytes, /proc/meminfo MemTotal)\n"
        + "cpu: " + cpuModel + "\n"
        + "os: " + os + "\n"
        + "jvm: " + jvm + "\n"
        + "jvm max heap: " + gib(maxHeapBytes) + "\n"
        + "spark: " + sparkVersion + " (master local[2] where a figure runs Spark)\n"
        + "load average at start: " + loadAverage + "\n"
        + "date: " + date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n";
  }

  private String shortJvm() {
    return "Java " + Runtime.version().feature();
  }

  static String gib(long bytes) {
    return bytes <= 0 ? "?" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static long readMemTotalBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024; // the kernel states kB
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or unreadable: stated as unknown
    }
    return -1;
  }

  private static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
        }
      }
    } catch (IOException e) {
      // stated as unknown
    }
    return "unknown CPU";
  }

  private static String readSparkVersion() {
    try {
      return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    } catch (LinkageError e) {
      return "?";
    }
  }

  private static java.util.Optional<String> firstLine(Path file) {
    try {
      return Files.readAllLines(file).stream().findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }
}
