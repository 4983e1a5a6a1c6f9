package io.fablestream.platform.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local state a crash left behind, wiped before Kafka Streams opens it.
 *
 * <p>Under exactly-once, a task whose stores were open when the process died cannot trust them:
 * they may hold writes of a transaction that was aborted. Kafka Streams finds that out only by
 * opening every store of every task, once when it starts and again when the task is assigned, then
 * declares the tasks corrupted, closes and wipes them, and asks for another rebalance before it
 * restores them from their changelogs. On a service of 12 partitions that is 48 RocksDB stores
 * opened twice for nothing: measured, 14 of the 63 s a chapter-service took to come back after a
 * SIGKILL under load (docs/performance.md, "A service killed and started again").
 *
 * <p>So each clean stop leaves a mark in the service's state directory, and a start without the
 * mark (the last run did not stop cleanly) deletes the task directories first, keeping Kafka
 * Streams' process id ({@code kafka-streams-process-metadata}, and so the transactional ids) and
 * the static member id. Kafka Streams then restores the tasks from their changelogs at once.
 * Nothing is lost: the changelogs are the truth, and a task that would have survived the crash (one
 * closed cleanly before it) is only restored when it need not have been. The wipe takes Kafka
 * Streams' own lock of the directory first, so it never touches the state of a process that still
 * runs on it.
 */
final class CrashedState {
  /** The mark a clean stop leaves, in the service's state directory. */
  static final String CLEAN_MARK = "stopped-cleanly";

  /** Kafka Streams' task directories: subtopology_partition. */
  private static final Pattern TASK_DIR = Pattern.compile("\\d+_\\d+");

  private CrashedState() {}

  /**
   * Before a start: when the last run on {@code stateDir} did not stop cleanly, deletes the task
   * directories of {@code applicationId}; a clean stop's mark is taken away either way, so that a
   * crash of this run is seen by the next one.
   *
   * @return how many task directories were deleted
   */
  static int wipeAfterCrash(Path stateDir, String applicationId) {
    try {
      if (Files.deleteIfExists(stateDir.resolve(CLEAN_MARK))) {
        return 0;
      }
      Path app = stateDir.resolve(applicationId);
      if (!Files.isDirectory(app)) {
        return 0;
      }
      try (FileChannel channel =
          FileChannel.open(
              app.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          return 0; // this JVM runs on it: not a crash
        }
        if (lock == null) {
          return 0; // another process runs on it; Kafka Streams will refuse the directory
        }
        try (lock) {
          return deleteTasks(app);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot clear the state a crash left in " + stateDir + " (data.dir): " + e.getMessage(),
          e);
    }
  }

  /** After a clean stop: the mark that tells the next start its state can be trusted. */
  static void stoppedCleanly(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      Files.writeString(stateDir.resolve(CLEAN_MARK), "");
    } catch (IOException e) {
      // Without the mark the next start restores from the changelogs: slower, never wrong.
    }
  }

  private static int deleteTasks(Path app) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(app)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)
            && TASK_DIR.matcher(entry.getFileName().toString()).matches()) {
          try (Stream<Path> tree = Files.walk(entry)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
          deleted++;
        }
      }
    }
    return deleted;
  }
}
