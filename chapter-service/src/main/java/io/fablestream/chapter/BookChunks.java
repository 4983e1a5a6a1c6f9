package io.fablestream.chapter;

import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.MemoryChunk;
import io.fablestream.platform.memory.ExactSearch;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoredChunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Story memory kept in Kafka ({@code memory.store=kafka}): the chunks and vectors of every book of
 * a task, as the indexer carried them on ChapterIndexed, one record a chunk, keyed by bookId,
 * chapter and chunk index (zero-padded, so a book's chapters are one range). The store is
 * changelogged, so it commits with the book's state and moves with its partition; it is searched
 * exactly, per book, on the stream thread (a book holds at most a few thousand chunks).
 *
 * <p>Bounded by the books of the task: a chapter indexed again replaces that chapter and every
 * later one (a revision rewrites from there on), and a book's chunks go with the book when its
 * closed retention ends ({@code chapter.closed.retention}).
 */
final class BookChunks {
  private static final char SEPARATOR = '\u0000';
  private static final int LAST = 99_999;

  private final KeyValueStore<String, MemoryChunk> store;

  BookChunks(KeyValueStore<String, MemoryChunk> store) {
    this.store = store;
  }

  /**
   * Keeps the chunks a ChapterIndexed carried: they replace that chapter's and every later one's
   * (what an earlier revision wrote after it). Called only for the chapter the book waits on.
   */
  void keep(ChapterIndexed indexed) {
    String bookId = indexed.getBookId();
    deleteRange(bookId, indexed.getChapterNumber());
    for (MemoryChunk chunk : indexed.getChunks()) {
      store.put(key(bookId, indexed.getChapterNumber(), chunk.getChunkIndex()), chunk);
    }
  }

  /** The query's k nearest chunks of its book, by the cosine with {@code vector}. */
  List<MemoryHit> search(MemoryQuery query, float[] vector) {
    ExactSearch search = new ExactSearch(vector, query);
    if (!query.kinds().contains(MemoryKind.CHAPTER) || query.maxChapter() < 1) {
      return search.hits();
    }
    int from = Math.max(1, query.minChapter());
    int through = Math.min(LAST, query.maxChapter());
    try (KeyValueIterator<String, MemoryChunk> range =
        store.range(key(query.bookId(), from, 0), key(query.bookId(), through, LAST))) {
      while (range.hasNext()) {
        var entry = range.next();
        MemoryChunk chunk = entry.value;
        search.offer(
            new StoredChunk(
                query.bookId(),
                MemoryKind.CHAPTER,
                chapterOf(entry.key),
                chunk.getChunkIndex(),
                chunk.getText(),
                chunk.getKeywords(),
                ExactSearch.fromBytes(chunk.getVector())));
      }
    }
    return search.hits();
  }

  /** Forgets every chunk of a book. */
  void deleteBook(String bookId) {
    deleteRange(bookId, 0);
  }

  private void deleteRange(String bookId, int fromChapter) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, MemoryChunk> range =
        store.range(key(bookId, fromChapter, 0), key(bookId, LAST, LAST))) {
      range.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  private static String key(String bookId, int chapter, int chunk) {
    return bookId
        + SEPARATOR
        + String.format("%05d", chapter)
        + SEPARATOR
        + String.format("%05d", chunk);
  }

  private static int chapterOf(String key) {
    int end = key.lastIndexOf(SEPARATOR);
    return Integer.parseInt(key.substring(end - 5, end));
  }
}
