package io.fablestream.platform.memory;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.model.RetrievalKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What story memory is made of and how it is used: the store, the embedder, the chunking, the
 * retrieval depth and the retries of a store that is down. Qdrant's own settings ({@code qdrant.*})
 * are read by the Qdrant store itself.
 *
 * @param store which vector store keeps the chunks
 * @param luceneDir where the Lucene index lives (store {@code lucene})
 * @param embedder which embedder makes the vectors
 * @param embedModel Ollama's embedding model (embedder {@code ollama})
 * @param chunkSize the most characters in a chunk
 * @param chunkOverlap characters of a chunk repeated at the start of the next
 * @param retrievalK how many chunks a retrieval before a chapter returns
 * @param storeRetries retries of a store or embedder that is down, before the book fails
 * @param storeBackoff the first retry's wait; it doubles on each retry
 * @param retention how long a closed book's chunks are kept
 */
public record MemorySettings(
    Store store,
    Path luceneDir,
    EmbedderKind embedder,
    String embedModel,
    int chunkSize,
    int chunkOverlap,
    int retrievalK,
    int storeRetries,
    Duration storeBackoff,
    Duration retention) {

  /** The vector stores there are. */
  public enum Store {
    /** An on-disk Lucene HNSW index in this process. */
    LUCENE,
    /** A Qdrant server ({@code qdrant.*} settings). */
    QDRANT,
    /**
     * Kafka itself: the chunks ride on ChapterIndexed and chapter-service keeps each book's in a
     * changelogged store, searched exactly per book; shared by construction.
     */
    KAFKA
  }

  /** The embedders there are. */
  public enum EmbedderKind {
    /** all-MiniLM-L6-v2 quantized, in this process. */
    MINILM,
    /** Ollama's embed API, the model of {@code memory.embed.model}. */
    OLLAMA
  }

  public static final ConfigKey STORE =
      new ConfigKey(
          "memory.store",
          "kafka",
          "Where story memory keeps its vectors: kafka (the chunks ride on ChapterIndexed and"
              + " chapter-service keeps each book's in a changelogged store; shared by every"
              + " process of the line), lucene (an on-disk index in this process; only for a line"
              + " in one process) or qdrant (qdrant.* settings).");
  public static final ConfigKey LUCENE_DIR =
      new ConfigKey(
          "memory.lucene.dir",
          "",
          "The Lucene index's directory; empty means <data.dir>/memory. One process per"
              + " directory.");
  public static final ConfigKey EMBEDDER =
      new ConfigKey(
          "memory.embedder",
          "minilm",
          "What makes the vectors: minilm (all-MiniLM-L6-v2 quantized, in process, 384"
              + " dimensions) or ollama (Ollama's /api/embed with memory.embed.model).");
  public static final ConfigKey EMBED_MODEL =
      new ConfigKey(
          "memory.embed.model",
          "nomic-embed-text",
          "Ollama's embedding model when memory.embedder=ollama. Changing the embedder changes"
              + " the dimension: use a new store directory or collection.");

  /** Declared beside the context budget, which counts the passages in every chapter call. */
  public static final ConfigKey CHUNK_SIZE = RetrievalKeys.CHUNK_SIZE;

  public static final ConfigKey CHUNK_OVERLAP =
      new ConfigKey(
          "memory.chunk.overlap",
          "50",
          "Characters of a chunk repeated at the start of the next (at most half the size).");

  /** Declared beside the context budget, which counts the passages in every chapter call. */
  public static final ConfigKey RETRIEVAL_K = RetrievalKeys.RETRIEVAL_K;

  public static final ConfigKey STORE_RETRIES =
      new ConfigKey(
          "memory.store.retries",
          "4",
          "Retries of a vector store or embedder that is down before the book fails with"
              + " STORE_UNAVAILABLE. The retries wait off the stream threads.");
  public static final ConfigKey STORE_BACKOFF =
      new ConfigKey(
          "memory.store.backoff",
          "500ms",
          "The first store retry's wait; it doubles on each retry (500ms, 1s, 2s, 4s).");

  /** The keys this record reads. */
  public static final ConfigKey RETENTION =
      new ConfigKey(
          "memory.retention",
          "30d",
          "How long after a book closes (completed or failed) the indexer keeps its chunks in story"
              + " memory; then they are deleted. Keep it longer than chapter.closed.retention, the"
              + " time a book can be revised in.");

  public static final List<ConfigKey> KEYS =
      List.of(
          STORE,
          LUCENE_DIR,
          EMBEDDER,
          EMBED_MODEL,
          CHUNK_SIZE,
          CHUNK_OVERLAP,
          RETRIEVAL_K,
          STORE_RETRIES,
          STORE_BACKOFF,
          RETENTION);

  /** Reads and validates the memory settings. */
  public static MemorySettings from(Config config) {
    Store store =
        Store.valueOf(config.choice(STORE, "lucene", "qdrant", "kafka").toUpperCase(Locale.ROOT));
    EmbedderKind embedder =
        EmbedderKind.valueOf(config.choice(EMBEDDER, "minilm", "ollama").toUpperCase(Locale.ROOT));
    Path dir =
        config.string(LUCENE_DIR).isBlank()
            ? config.path(KafkaSettings.DATA_DIR).resolve("memory")
            : config.path(LUCENE_DIR);
    int size = config.integer(CHUNK_SIZE, 20, 100_000);
    int overlap = config.integer(CHUNK_OVERLAP, 0, size / 2);
    return new MemorySettings(
        store,
        dir,
        embedder,
        config.required(EMBED_MODEL),
        size,
        overlap,
        config.integer(RETRIEVAL_K, 1, 100),
        config.integer(STORE_RETRIES, 0, 20),
        config.duration(STORE_BACKOFF),
        config.duration(RETENTION));
  }

  /** The chunker these settings describe. */
  public Chunker chunker() {
    return new Chunker(chunkSize, chunkOverlap);
  }

  /** The retries of a store that is down. */
  public StoreRetry retry() {
    return new StoreRetry(storeRetries, storeBackoff);
  }
}
