package io.fablestream.platform.memory.configured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoryMemory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Story memory made from the configuration, and the meters it keeps. */
class StoryMemoriesTest {
  @TempDir Path dir;

  @Test
  void theDefaultsAreKafkaWithMiniLmAndALuceneDirectoryUnderTheDataDirectory() {
    MemorySettings settings = MemorySettings.from(Config.of(Map.of("data.dir", dir.toString())));

    assertThat(settings)
        .isEqualTo(
            new MemorySettings(
                MemorySettings.Store.KAFKA,
                dir.resolve("memory"),
                MemorySettings.EmbedderKind.MINILM,
                "nomic-embed-text",
                500,
                50,
                3,
                4,
                Duration.ofMillis(500),
                Duration.ofDays(30)));
  }

  @Test
  void aBadValueIsReportedWithItsKeyAndEnvironmentVariable() {
    assertThatThrownBy(() -> MemorySettings.from(Config.of(Map.of("memory.store", "redis"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("memory.store")
        .hasMessageContaining("FABLESTREAM_MEMORY_STORE")
        .hasMessageContaining("redis");
    assertThatThrownBy(
            () ->
                MemorySettings.from(
                    Config.of(Map.of("memory.chunk.size", "100", "memory.chunk.overlap", "80"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("memory.chunk.overlap");
  }

  @Test
  void memoryFromTheConfigIndexesFindsForgetsAndCountsWhatItDid() {
    Config config =
        Config.of(
            Map.of("memory.store", "lucene", "memory.lucene.dir", dir.resolve("index").toString()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (StoryMemory memory = StoryMemories.open(config, registry)) {
      int chunks =
          memory.index(
              new MemoryDocument(
                  "book-a",
                  MemoryKind.SUMMARY,
                  5,
                  "Mira and Osric sailed to Crow Island and found the brass key.",
                  List.of("Mira", "Osric")));
      List<MemoryHit> hits =
          memory.search(MemoryQuery.of("book-a", "Who sailed to the island?", 3));
      memory.deleteBook("book-a");

      assertThat(chunks).isEqualTo(1);
      assertThat(hits)
          .singleElement()
          .satisfies(
              hit -> {
                assertThat(hit.kind()).isEqualTo(MemoryKind.SUMMARY);
                assertThat(hit.chapter()).isEqualTo(5);
                assertThat(hit.keywords()).containsExactly("Mira", "Osric");
              });
      assertThat(memory.search(MemoryQuery.of("book-a", "Who sailed?", 3))).isEmpty();
    }
    assertThat(
            registry
                .get("fablestream.memory.chunks.indexed")
                .tag("service", "memory")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get("fablestream.memory.embed").timer().count()).isEqualTo(3);
    assertThat(registry.get("fablestream.memory.upsert").timer().count()).isEqualTo(1);
    assertThat(registry.get("fablestream.memory.search").timer().count()).isEqualTo(2);
    assertThat(registry.find("fablestream.memory.store.errors").counters()).isEmpty();
  }
}
