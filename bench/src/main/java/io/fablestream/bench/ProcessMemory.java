package io.fablestream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, from Linux's {@code /proc/self/status}. */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** Peak resident set size (VmHWM) in bytes, or -1 where /proc is not there. */
  static long peakRssBytes() {
    return field("VmHWM:");
  }

  /** Current resident set size (VmRSS) in bytes, or -1. */
  static long rssBytes() {
    return field("VmRSS:");
  }

  /**
   * Resets the peak to the current resident set ({@code echo 5 > /proc/self/clear_refs}), so a run
   * reports its own peak rather than an earlier run's; false when the kernel does not allow it.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
