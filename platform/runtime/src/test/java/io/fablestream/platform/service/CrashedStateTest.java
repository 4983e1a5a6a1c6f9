package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashedStateTest {
  private static final String APP = "fablestream-chapter";

  @TempDir Path stateDir;
  private Path app;

  /** What a run leaves: two tasks' stores, Kafka Streams' process id, the static member id. */
  @BeforeEach
  void aRunLeftItsState() throws Exception {
    app = stateDir.resolve(APP);
    for (String task : new String[] {"0_0", "0_11"}) {
      Path store = Files.createDirectories(app.resolve(task).resolve("rocksdb/chapter-books"));
      Files.writeString(store.resolve("000001.sst"), "rows");
    }
    Files.writeString(app.resolve("kafka-streams-process-metadata"), "process id");
    Files.writeString(stateDir.resolve(GroupInstanceId.FILE), APP + "-member\n");
  }

  @Test
  void afterACrashTheTasksStateGoesAndTheProcessAndMemberIdsStay() {
    assertThat(CrashedState.wipeAfterCrash(stateDir, APP)).isEqualTo(2);

    assertThat(app.resolve("0_0")).doesNotExist();
    assertThat(app.resolve("0_11")).doesNotExist();
    assertThat(app.resolve("kafka-streams-process-metadata")).hasContent("process id");
    assertThat(stateDir.resolve(GroupInstanceId.FILE)).exists();
  }

  @Test
  void afterACleanStopTheStateStaysAndTheMarkIsTakenSoTheNextCrashIsSeen() {
    CrashedState.stoppedCleanly(stateDir);

    assertThat(CrashedState.wipeAfterCrash(stateDir, APP)).isZero();
    assertThat(app.resolve("0_0/rocksdb/chapter-books/000001.sst")).exists();
    assertThat(stateDir.resolve(CrashedState.CLEAN_MARK)).doesNotExist();
    // This run then dies without stopping: the next start wipes.
    assertThat(CrashedState.wipeAfterCrash(stateDir, APP)).isEqualTo(2);
  }

  @Test
  void stateThatARunningKafkaStreamsHoldsIsNeverTouched() throws Exception {
    try (FileChannel channel =
            FileChannel.open(
                app.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertThat(held.isValid()).isTrue();
      assertThat(CrashedState.wipeAfterCrash(stateDir, APP)).isZero();
    }
    assertThat(app.resolve("0_0/rocksdb/chapter-books/000001.sst")).exists();
  }

  @Test
  void aFirstStartHasNothingToWipe() {
    assertThat(CrashedState.wipeAfterCrash(stateDir.resolve("fresh"), APP)).isZero();
  }
}
