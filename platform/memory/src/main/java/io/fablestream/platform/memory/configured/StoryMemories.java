package io.fablestream.platform.memory.configured;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.DefaultStoryMemory;
import io.fablestream.platform.memory.Embedder;
import io.fablestream.platform.memory.KafkaVectorStore;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.memory.VectorStore;
import io.fablestream.platform.memory.embed.MiniLmEmbedder;
import io.fablestream.platform.memory.embed.OllamaEmbedder;
import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import io.fablestream.platform.memory.qdrant.QdrantVectorStore;
import io.fablestream.platform.model.ModelSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;

/** Opens the story memory the configuration asks for. */
public final class StoryMemories {
  private StoryMemories() {}

  /**
   * Story memory of the {@code memory.*} settings, with its meters bound to registry (tagged {@code
   * service=memory}: one memory serves every service of a process).
   */
  public static StoryMemory open(Config config, MeterRegistry registry) {
    MemorySettings settings = MemorySettings.from(config);
    Embedder embedder = embedder(settings, config);
    VectorStore store =
        switch (settings.store()) {
          case LUCENE -> new LuceneVectorStore(settings.luceneDir());
          case QDRANT -> QdrantVectorStore.fromConfig(config);
          case KAFKA -> new KafkaVectorStore();
        };
    try {
      store.open(embedder.dimension());
    } catch (RuntimeException e) {
      if (embedder instanceof AutoCloseable closeable) {
        closeQuietly(closeable);
      }
      throw e;
    }
    Tags tags =
        Tags.of("service", "memory", "store", settings.store().name().toLowerCase(Locale.ROOT));
    return new DefaultStoryMemory(settings.chunker(), embedder, store, registry, tags);
  }

  /** The embedder of the settings; Ollama's is probed for its dimension here. */
  public static Embedder embedder(MemorySettings settings, Config config) {
    return switch (settings.embedder()) {
      case MINILM -> new MiniLmEmbedder();
      case OLLAMA -> {
        ModelSettings models = ModelSettings.from(config);
        yield OllamaEmbedder.open(
            models.ollama().host(),
            settings.embedModel(),
            models.requestTimeout(),
            models.ollama().headers());
      }
    };
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Opening failed already; that failure is the one to report.
    }
  }
}
