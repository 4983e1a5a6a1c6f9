package io.fablestream.platform.memory;

import java.util.List;

/**
 * What the line remembers of each book, and finds again before each chapter: documents chunked,
 * embedded and kept in a vector store.
 */
public interface StoryMemory extends AutoCloseable {
  /**
   * Chunks, embeds and stores a document, replacing any earlier version of the same (bookId, kind,
   * chapter). Returns only once the store has confirmed the write and a search sees it.
   *
   * @return how many chunks were stored
   * @throws StoreUnavailableException when the store cannot take the write
   */
  int index(MemoryDocument document);

  /**
   * The chunks nearest to the query's text, best first, filtered inside the search.
   *
   * @throws StoreUnavailableException when the store cannot answer
   */
  List<MemoryHit> search(MemoryQuery query);

  /** Forgets every chunk of one book. */
  void deleteBook(String bookId);

  /**
   * Forgets the chapters of one book from {@code fromChapter} on (a revision writes them anew),
   * keeping its analysis and its earlier chapters.
   *
   * @throws StoreUnavailableException when the store cannot take the delete
   */
  void deleteChapters(String bookId, int fromChapter);

  /**
   * Whether this memory is kept in Kafka ({@code memory.store=kafka}): the indexer carries each
   * chapter's chunks on ChapterIndexed ({@link #prepare}) and chapter-service keeps and searches
   * them in its own store, with the query's vector from {@link #embedQuery}.
   */
  default boolean keptInKafka() {
    return false;
  }

  /**
   * Chunks and embeds a document as {@link #index} would, and gives the chunks back with their
   * vectors instead of only counting them.
   *
   * @throws StoreUnavailableException when the embedder cannot answer
   */
  default List<StoredChunk> prepare(MemoryDocument document) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " keeps its chunks itself; only DefaultStoryMemory gives them");
  }

  /**
   * The vector of a query's text, by the embedder that made the chunks' vectors.
   *
   * @throws StoreUnavailableException when the embedder cannot answer
   */
  default float[] embedQuery(String text) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " searches by text; only DefaultStoryMemory embeds a query");
  }

  @Override
  void close();
}
