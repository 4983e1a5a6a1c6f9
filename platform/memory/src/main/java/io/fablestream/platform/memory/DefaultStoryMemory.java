package io.fablestream.platform.memory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Story memory made of three parts: a {@link Chunker} cuts each document, an {@link Embedder} turns
 * the chunks (and each query) into vectors, a {@link VectorStore} keeps and searches them.
 *
 * <p>Meters: {@code fablestream.memory.chunks.indexed} (counter), {@code fablestream.memory.embed},
 * {@code fablestream.memory.upsert} and {@code fablestream.memory.search} (timers with percentile
 * histograms; search includes the query's embedding), {@code fablestream.memory.store.errors}
 * (counter, tagged with the {@code operation} that failed).
 *
 * <p>Thread-safe when its parts are (all of Fablestream's are).
 */
public final class DefaultStoryMemory implements StoryMemory {
  private final Chunker chunker;
  private final Embedder embedder;
  private final VectorStore store;
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter chunksIndexed;
  private final Timer embedTimer;
  private final Timer upsertTimer;
  private final Timer searchTimer;

  /**
   * @param store an open store (its dimension the embedder's)
   * @param tags tags on every meter, for example {@code service} and {@code store}
   */
  public DefaultStoryMemory(
      Chunker chunker, Embedder embedder, VectorStore store, MeterRegistry registry, Tags tags) {
    this.chunker = Objects.requireNonNull(chunker);
    this.embedder = Objects.requireNonNull(embedder);
    this.store = Objects.requireNonNull(store);
    this.registry = Objects.requireNonNull(registry);
    this.tags = tags.and("embedder", embedder.name());
    this.chunksIndexed =
        Counter.builder("fablestream.memory.chunks.indexed")
            .description("Chunks written to story memory")
            .tags(this.tags)
            .register(registry);
    this.embedTimer = timer("fablestream.memory.embed", "One batch embedded (chunks or a query)");
    this.upsertTimer =
        timer("fablestream.memory.upsert", "One document's chunks written and confirmed");
    this.searchTimer =
        timer("fablestream.memory.search", "One search, the query's embedding included");
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .register(registry);
  }

  @Override
  public int index(MemoryDocument document) {
    List<StoredChunk> chunks = prepare(document);
    counted(
        "upsert",
        () -> {
          upsertTimer.record(
              () -> store.replace(document.bookId(), document.kind(), document.chapter(), chunks));
          return null;
        });
    chunksIndexed.increment(chunks.size());
    return chunks.size();
  }

  @Override
  public boolean keptInKafka() {
    return store instanceof KafkaVectorStore;
  }

  @Override
  public float[] embedQuery(String text) {
    // Timed as the search: with memory kept in Kafka the embedding is all of it but the exact
    // search
    // over the book's chunks that follows on the stream thread (well under a millisecond).
    return searchTimer.record(() -> embed(List.of(text)).get(0));
  }

  @Override
  public List<StoredChunk> prepare(MemoryDocument document) {
    List<String> texts = chunker.split(document.text());
    List<float[]> vectors = texts.isEmpty() ? List.of() : embed(texts);
    List<StoredChunk> chunks = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      chunks.add(
          new StoredChunk(
              document.bookId(),
              document.kind(),
              document.chapter(),
              i,
              texts.get(i),
              document.keywords(),
              vectors.get(i)));
    }
    if (keptInKafka()) {
      chunksIndexed.increment(chunks.size());
    }
    return chunks;
  }

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    return searchTimer.record(
        () -> {
          float[] vector = embed(List.of(query.text())).get(0);
          return counted("search", () -> store.search(vector, query));
        });
  }

  @Override
  public void deleteBook(String bookId) {
    counted(
        "delete",
        () -> {
          store.deleteBook(bookId);
          return null;
        });
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    counted(
        "delete",
        () -> {
          store.deleteChapters(bookId, fromChapter);
          return null;
        });
  }

  /** The embedder this memory uses. */
  public Embedder embedder() {
    return embedder;
  }

  /** The chunker this memory uses. */
  public Chunker chunker() {
    return chunker;
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      if (embedder instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // The embedder's own threads are daemons; a failed close leaks nothing that outlives us.
        }
      }
    }
  }

  private List<float[]> embed(List<String> texts) {
    return counted("embed", () -> embedTimer.record(() -> embedder.embed(texts)));
  }

  private <T> T counted(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreUnavailableException e) {
      registry
          .counter("fablestream.memory.store.errors", tags.and("operation", operation))
          .increment();
      throw e;
    }
  }
}
