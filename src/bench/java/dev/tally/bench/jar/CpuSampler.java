package dev.tally.bench.jar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What else ran while a measurement ran: every few seconds, the machine's busy CPU time (from
 * {@code /proc/stat}) minus that of the measured processes (from {@code /proc/<pid>/stat}), and the
 * load average. A run beside another heavy process is not a figure to publish.
 */
final class CpuSampler implements AutoCloseable {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Supplier<Set<Long>> measuredPids;
  private final Thread thread;
  private final List<Double> otherCores = new ArrayList<>();
  private final List<Double> measuredCores = new ArrayList<>();
  private final List<String> loads = new ArrayList<>();
  private volatile boolean running = true;

  /** @param measuredPids the processes being measured, asked at each sample (they come and go) */
  CpuSampler(Supplier<Set<Long>> measuredPids, long everyMs) {
    this.measuredPids = measuredPids;
    this.thread = new Thread(() -> loop(everyMs), "cpu-sampler");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop(long everyMs) {
    long lastBusy = machineBusyTicks();
    long lastMeasured = processTicks(measuredPids.get());
    long lastNanos = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(everyMs);
      } catch (InterruptedException e) {
        return;
      }
      long busy = machineBusyTicks();
      long measured = processTicks(measuredPids.get());
      long nanos = System.nanoTime();
      double seconds = (nanos - lastNanos) / 1e9;
      double measuredCpu = Math.max(0, measured - lastMeasured) / TICKS_PER_SECOND / seconds;
      double busyCpu = Math.max(0, busy - lastBusy) / TICKS_PER_SECOND / seconds;
      synchronized (this) {
        measuredCores.add(measuredCpu);
        otherCores.add(Math.max(0, busyCpu - measuredCpu));
        loads.add(loadAverage());
      }
      lastBusy = busy;
      lastMeasured = measured;
      lastNanos = nanos;
    }
  }

  /** Cores used by other processes, averaged over the run. */
  synchronized double otherCoresMean() {
    return otherCores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Cores used by other processes in the busiest sample. */
  synchronized double otherCoresMax() {
    return otherCores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  synchronized double measuredCoresMean() {
    return measuredCores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** The 1-minute load at the first and last samples, and its highest. */
  synchronized String loadSummary() {
    if (loads.isEmpty()) {
      return "?";
    }
    double max = loads.stream().mapToDouble(l -> Double.parseDouble(l.split(" ")[0])).max().orElse(0);
    return "load " + loads.get(0).split(" ")[0] + " → " + loads.get(loads.size() - 1).split(" ")[0] + " (max " + max + ")";
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "? ? ?";
    }
  }

  private static long machineBusyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length; i++) {
        if (i != 4 && i != 5) { // idle and iowait are not busy
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of each process and its reaped children (fields 14-17 of /proc/pid/stat). */
  private static long processTicks(Set<Long> pids) {
    long ticks = 0;
    for (long pid : new HashSet<>(pids)) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException e) {
        // gone: its time is no longer counted, a small undercount at the end of a run
      }
    }
    return ticks;
  }

  /** Every running process whose command name is {@code comm} (e.g. the database's). */
  static Set<Long> pidsNamed(String comm) {
    Set<Long> pids = new HashSet<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          if (Files.readString(p.resolve("comm")).trim().equals(comm)) {
            pids.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // exited meanwhile
        }
      });
    } catch (IOException e) {
      return pids;
    }
    return pids;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
