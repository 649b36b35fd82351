package dev.tally.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real Tally main in its own JVM (test classpath, Spark's Java 17 options). Its stdout and stderr
 * go to one log file, read as it grows: waiting for a line is driven by file-change events, never by
 * sleeping. Always destroyed by {@link #close()}, also when a test fails.
 */
public final class TallyProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final WatchService watcher;
  private final StringBuilder read = new StringBuilder();
  private long offset;

  private TallyProcess(Process process, Path log, WatchService watcher) {
    this.process = process;
    this.log = log;
    this.watcher = watcher;
  }

  public static TallyProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, java.util.Map.of(), args);
  }

  /** Starts Tally with extra environment variables. */
  public static TallyProcess start(Path workDir, java.util.Map<String, String> env, String... args) throws IOException {
    return start(workDir, env, List.of(), args);
  }

  /** Starts Tally with extra environment variables and JVM options (e.g. {@code -Dtally.crashPoint=...}). */
  public static TallyProcess start(Path workDir, java.util.Map<String, String> env, List<String> jvmOptions,
      String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    String opens = System.getProperty("tally.java17.opens", "");
    command.addAll(Arrays.asList(opens.trim().split("\\s+")));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.tally.Tally");
    command.addAll(Arrays.asList(args));
    return startCommand(workDir, env, command);
  }

  /** Starts any command (a deploy/ script, say), its output read like Tally's. */
  public static TallyProcess startCommand(Path workDir, java.util.Map<String, String> env, List<String> command)
      throws IOException {
    Path logDir = Files.createTempDirectory(workDir, "tally-log");
    Path log = logDir.resolve("output.log");
    Files.createFile(log);
    WatchService watcher = FileSystems.getDefault().newWatchService();
    logDir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().remove("TALLY_JDBC_PASSWORD");
    builder.environment().putAll(env);
    return new TallyProcess(builder.start(), log, watcher);
  }

  /** Waits for an output line matching {@code regex} (found anywhere in the line); returns it. */
  public String await(String regex, long timeoutSeconds) throws InterruptedException, IOException {
    return awaitAfter(null, regex, timeoutSeconds);
  }

  /** Waits for a line matching {@code regex} printed after the first line matching {@code after}. */
  public String awaitAfter(String after, String regex, long timeoutSeconds) throws InterruptedException, IOException {
    Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
    Pattern start = after == null ? null : Pattern.compile(after, Pattern.MULTILINE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String text = output();
      if (start != null) {
        var m = start.matcher(text);
        text = m.find() ? text.substring(m.end()) : "";
      }
      String found = firstMatch(pattern, text);
      if (found != null) {
        return found;
      }
      if (!process.isAlive() && firstMatch(pattern, after == null ? output() : text) == null) {
        throw new Exited(process.exitValue(), regex);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no line matching /" + regex + "/ within " + timeoutSeconds + " s; output:\n" + output());
      }
      var key = watcher.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    }
  }

  /** The process exited before printing what was awaited. */
  public static final class Exited extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final int code;

    public Exited(int code, String awaited) {
      super("Tally exited with " + code + " before printing /" + awaited + "/");
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private static String firstMatch(Pattern pattern, String text) {
    var matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return null;
    }
    int start = text.lastIndexOf('\n', matcher.start()) + 1;
    int end = text.indexOf('\n', matcher.end());
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** Waits up to {@code timeoutSeconds} for the process to exit by itself; true when it did. */
  public boolean exitsWithin(long timeoutSeconds) throws InterruptedException {
    return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** The process itself (its pid, its descendants). */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Sends SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  public int waitForExit(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new AssertionError("Tally did not exit within " + timeoutSeconds + " s; output:\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  public synchronized String output() {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length > offset) {
        byte[] bytes = new byte[(int) (length - offset)];
        file.seek(offset);
        file.readFully(bytes);
        offset = length;
        read.append(new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return read.toString();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watcher.close();
  }
}
