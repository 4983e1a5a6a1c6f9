package io.fablestream.platform.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The static member id ({@code group.instance.id}) of one service's instance, kept in a file beside
 * its Kafka Streams state, so it is the same after every restart on the same data directory and
 * different for every other instance.
 *
 * <p>Why: a process killed without warning stays in its consumer groups until its session times
 * out, and a new member's join waits for it (the 70 to 160 s after a SIGKILL of {@code
 * serve}). A static member that comes back under the same id replaces its old self at once and
 * takes its partitions back without a wait. Kafka Streams appends each stream thread's index, so
 * one id serves every thread of the instance. The transactional ids need no such help: they derive
 * from the process id Kafka Streams keeps in its own state directory ({@code
 * kafka-streams-process-metadata}), which survives a restart, so the restarted producers fence the
 * dead one's open transactions at once.
 */
public final class GroupInstanceId {
  /** The file's name, in the service's state directory. */
  static final String FILE = "group-instance-id";

  private GroupInstanceId() {}

  /**
   * The id kept in {@code stateDir}, written there first if it is not yet: {@code applicationId-}
   * and a random UUID.
   */
  public static String of(Path stateDir, String applicationId) {
    Path file = stateDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!kept.isEmpty()) {
          return kept;
        }
      }
      Files.createDirectories(stateDir);
      String id = applicationId + "-" + UUID.randomUUID();
      // Written whole or not at all: a crash while writing must not leave half an id behind.
      Path partial = Files.createTempFile(stateDir, FILE, ".tmp");
      Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the service's group member id in " + file + " (data.dir): " + e.getMessage(),
          e);
    }
  }
}
