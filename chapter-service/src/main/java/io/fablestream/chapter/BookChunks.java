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
 * a task, as the indexer carried them on ChapterIndexed (the analysis's as chapter 0), one record a
 * chunk, keyed by bookId, chapter and chunk index (zero-padded, so a book's chapters are one
 * range). The store is changelogged, so it commits with the book's state and moves with its
 * partition; it is searched exactly, per book, on the stream thread (a book holds at most a few
 * thousand chunks).
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
   * Keeps the chunks a ChapterIndexed carried: a chapter's replace that chapter's and every later
   * one's (what an earlier revision wrote after it), and are kept only for the chapter the book
   * waits on; chapter 0's are the analysis's and replace only the analysis.
   */
  void keep(ChapterIndexed indexed) {
    String bookId = indexed.getBookId();
    int chapter = indexed.getChapterNumber();
    deleteRange(bookId, chapter, chapter == 0 ? 0 : LAST);
    for (MemoryChunk chunk : indexed.getChunks()) {
      store.put(key(bookId, indexed.getChapterNumber(), chunk.getChunkIndex()), chunk);
    }
  }

  /** The query's k nearest chunks of its book, by the cosine with {@code vector}. */
  List<MemoryHit> search(MemoryQuery query, float[] vector) {
    ExactSearch search = new ExactSearch(vector, query);
    int from = Math.max(0, query.minChapter());
    int through = Math.min(LAST, query.maxChapter());
    if (through < from) {
      return search.hits();
    }
    try (KeyValueIterator<String, MemoryChunk> range =
        store.range(key(query.bookId(), from, 0), key(query.bookId(), through, LAST))) {
      while (range.hasNext()) {
        var entry = range.next();
        MemoryChunk chunk = entry.value;
        int chapter = chapterOf(entry.key);
        MemoryKind kind = chapter == 0 ? MemoryKind.ANALYSIS : MemoryKind.CHAPTER;
        if (!search.admits(query.bookId(), kind, chapter)) {
          continue;
        }
        search.offer(
            new StoredChunk(
                query.bookId(),
                kind,
                chapter,
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
    deleteRange(bookId, 0, LAST);
  }

  private void deleteRange(String bookId, int fromChapter, int throughChapter) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, MemoryChunk> range =
        store.range(key(bookId, fromChapter, 0), key(bookId, throughChapter, LAST))) {
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
