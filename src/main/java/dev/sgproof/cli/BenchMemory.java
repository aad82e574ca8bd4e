package dev.sgproof.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Heap peaks from the memory pools; process peak RSS from /proc/self/status (Linux). */
final class BenchMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static volatile boolean rssReset;

  private BenchMemory() {}

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
    try {
      // "5" resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
      Files.writeString(CLEAR_REFS, "5");
      rssReset = true;
    } catch (Exception e) {
      rssReset = false;
    }
  }

  static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** VmRSS in bytes, or -1 when not available. */
  static long rss() {
    return statusField("VmRSS:");
  }

  /** VmHWM in bytes, or -1 when not available. */
  static long rssPeak() {
    return statusField("VmHWM:");
  }

  private static long statusField(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  static String rssNote() {
    return rssReset ? "reset before each engine" : "since the process started";
  }
}
