package io.fablestream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Where a benchmark run by hand keeps its files: a fresh data directory for the line (deleted when
 * the run ends) and {@code target/<name>} for the logs, which stay to be read.
 *
 * @param data the line's data directory
 * @param logs where the processes' logs go
 */
record RunDirs(Path data, Path logs) {
  /** A fresh data directory and the log directory of the run called {@code name}. */
  static RunDirs create(String name) throws IOException {
    return new RunDirs(
        Files.createTempDirectory("fablestream-" + name),
        Files.createDirectories(Path.of("target", name)));
  }

  /** Writes the logback configuration the run's processes are started with; returns its path. */
  Path logback(String configuration) throws IOException {
    Path logback = logs.resolve("logback-bench.xml");
    Files.writeString(logback, configuration, StandardCharsets.UTF_8);
    return logback;
  }

  /** Deletes the data directory, saying so if it cannot. */
  void deleteData() {
    deleteQuietly(data);
  }

  /** Deletes a directory and everything below it, saying so if it cannot. */
  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
