package dev.quiver.bench.ann;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes took while a measurement ran: the machine's busy time (Linux
 * {@code /proc/stat}) minus this JVM's own CPU time, as a share of all cores over the wall time. A
 * benchmark on a shared machine cannot avoid noisy neighbours, but it can say when it had them.
 */
final class OtherLoad {

  /** /proc/stat counts in USER_HZ ticks, 100 per second on every Linux that matters. */
  private static final double TICKS_PER_SECOND = 100;

  private final long startNanos = System.nanoTime();
  private final double startBusySeconds = machineBusySeconds();
  private final double startOwnSeconds = ownCpuSeconds();

  private OtherLoad() {}

  static OtherLoad start() {
    return new OtherLoad();
  }

  /** Share (0..1) of the machine's CPU used by other processes since {@link #start}, or -1 if unknown. */
  double share() {
    double busy = machineBusySeconds();
    double own = ownCpuSeconds();
    if (busy < 0 || startBusySeconds < 0 || own < 0 || startOwnSeconds < 0) {
      return -1;
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double capacity = wall * Runtime.getRuntime().availableProcessors();
    double others = (busy - startBusySeconds) - (own - startOwnSeconds);
    return capacity <= 0 ? -1 : Math.max(0, Math.min(1, others / capacity));
  }

  private static double ownCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1e9;
    }
    return -1;
  }

  /** Busy ticks of all cores (user, nice, system, irq, softirq, steal) in seconds, or -1. */
  private static double machineBusySeconds() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return -1;
      }
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
