package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Story memory is shared by whoever writes and reads it, or a process refuses to open it. */
class SharedPartsTest {
  @TempDir Path dir;

  @Test
  void aServiceAloneInItsProcessRefusesALuceneMemoryAndOpensNothing() {
    Config config = Config.of(Map.of("data.dir", dir.toString(), "memory.store", "lucene"));

    try (SharedParts parts = SharedParts.alone(config, new SimpleMeterRegistry())) {
      assertThatThrownBy(parts::memory)
          .isInstanceOf(ConfigException.class)
          .hasMessage(SharedParts.NOT_SHARED);
    }
    assertThat(Files.exists(dir.resolve("memory"))).as("no index was opened").isFalse();
  }

  @Test
  void theWholeLineInOneProcessSharesItsLuceneMemory() {
    Config config = Config.of(Map.of("data.dir", dir.toString(), "memory.store", "lucene"));

    try (SharedParts parts = new SharedParts(config, new SimpleMeterRegistry())) {
      assertThat(parts.memory()).isSameAs(parts.memory());
    }
    assertThat(Files.exists(dir.resolve("memory"))).isTrue();
  }
}
