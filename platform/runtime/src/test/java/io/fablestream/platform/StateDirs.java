package io.fablestream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** State directories for TopologyTestDriver, one per driver. */
public final class StateDirs {
  private StateDirs() {}

  /**
   * A new, empty directory under the temp folder: two test runs side by side (two checkouts, or two
   * forks) never open the same RocksDB files, as they did with one fixed path.
   */
  public static String fresh(String prefix) {
    try {
      return Files.createTempDirectory(prefix).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
