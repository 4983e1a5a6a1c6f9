package io.fablestream.platform.memory;

import java.util.List;

/**
 * The vector store of {@code memory.store=kafka}: story memory kept in Kafka itself. The indexer
 * keeps nothing in its process; the chunks and vectors it makes ride on ChapterIndexed, and
 * chapter-service keeps each book's in a changelogged store of its own and searches them exactly
 * there. So the memory a chapter-service searches is, by construction, what the indexers wrote,
 * whatever processes they run in. Writes here are therefore no-ops and a search is refused: the
 * search belongs to chapter-service's store.
 */
public final class KafkaVectorStore implements VectorStore {
  @Override
  public void open(int dimension) {
    // Nothing to create: chapter-service's store is made with its topology.
  }

  @Override
  public void replace(String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks) {
    // The chunks travel on ChapterIndexed (StoryMemory.prepare); nothing stays in this process.
  }

  @Override
  public List<MemoryHit> search(float[] vector, MemoryQuery query) {
    throw new IllegalStateException(
        "memory.store=kafka keeps each book's chunks in chapter-service's own store; a search"
            + " runs there, on the query's vector (StoryMemory.embedQuery)");
  }

  @Override
  public void deleteBook(String bookId) {
    // chapter-service forgets a book's chunks with the book.
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    // chapter-service replaces chapters from a revised one on when it is indexed again.
  }

  @Override
  public void close() {
    // Holds nothing.
  }
}
