package io.fablestream.platform.memory;

import java.util.List;

/**
 * Where chunk vectors live and are searched: an on-disk Lucene HNSW index in the embedded default,
 * Qdrant in production. Filters (book, chapter range, kind) apply inside the nearest neighbour
 * search, not to its results.
 */
public interface VectorStore extends AutoCloseable {
  /**
   * Makes the store ready for vectors of a dimension: creates the index or collection and its
   * payload indexes when absent.
   *
   * @throws StoreUnavailableException when the store cannot be reached
   */
  void open(int dimension);

  /**
   * Replaces one document's chunks: upserts these (ids from {@link StoredChunk#pointId()}) and
   * removes chunks of the same (bookId, kind, chapter) beyond them. Returns once the store has
   * confirmed the write and a search sees it.
   *
   * @throws StoreUnavailableException when the store cannot take the write
   */
  void replace(String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks);

  /**
   * The chunks nearest to a vector that pass the query's filters, best first, at most {@code
   * query.k()}.
   *
   * @throws StoreUnavailableException when the store cannot answer
   */
  List<MemoryHit> search(float[] vector, MemoryQuery query);

  /** Removes every chunk of one book. */
  void deleteBook(String bookId);

  /**
   * Removes the chapter chunks of one book from chapter {@code fromChapter} on: what a revision
   * writes anew. Returns once a search no longer sees them.
   *
   * @throws StoreUnavailableException when the store cannot take the delete
   */
  void deleteChapters(String bookId, int fromChapter);

  @Override
  void close();
}
