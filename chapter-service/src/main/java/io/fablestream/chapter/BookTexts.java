package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.WrittenChapter;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.platform.calls.ChapterStore;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The published chapters of every book of a task, one record a chapter, keyed by bookId and the
 * chapter's number (zero-padded, so a range scan reads a book's chapters in order). A chapter's
 * text is written once when it is published and read for the next chapters and the finished book,
 * so the bytes a book writes to the changelog grow with its length, not with its square.
 */
final class BookTexts {
  private final ChapterStore<ChapterText> store;
  private final BookChunks chunks;

  BookTexts(KeyValueStore<String, ChapterText> store) {
    this(store, null);
  }

  /**
   * @param chunks the task's story memory when it is kept in Kafka ({@code memory.store=kafka}),
   *     else null
   */
  BookTexts(KeyValueStore<String, ChapterText> store, BookChunks chunks) {
    this.store = new ChapterStore<>(store);
    this.chunks = chunks;
  }

  /** Keeps the chunks a ChapterIndexed carried, when story memory is kept in Kafka. */
  void indexed(ChapterIndexed indexed) {
    if (chunks != null) {
      chunks.keep(indexed);
    }
  }

  /** The hits of the search before a chapter: the store's, or this task's own search. */
  List<MemoryHit> recalled(MemoryQuery query, Recalled answer) {
    if (answer.queryVector() == null) {
      return answer.hits();
    }
    if (chunks == null) {
      throw new IllegalStateException(
          "a query vector came back but this topology keeps no chunks (memory.store=kafka)");
    }
    return chunks.search(query, answer.queryVector());
  }

  void put(String bookId, ChapterText chapter) {
    store.put(bookId, chapter.getNumber(), chapter);
  }

  Optional<ChapterText> get(String bookId, int number) {
    return number < 1 ? Optional.empty() : store.get(bookId, number);
  }

  /** Chapters 1 to {@code last} of a book that are stored, in order. */
  List<ChapterText> through(String bookId, int last) {
    return last < 1 ? new ArrayList<>() : store.range(bookId, 1, last);
  }

  /** Forgets every chapter of a book. */
  void deleteBook(String bookId) {
    store.deleteBook(bookId);
    if (chunks != null) {
      chunks.deleteBook(bookId);
    }
  }

  /**
   * A state an older version wrote, with its chapters in it: they move here, and the state keeps
   * only how far they go. Null stays null.
   */
  BookState adoptLegacyChapters(BookState book) {
    if (book == null || book.getChapters().isEmpty()) {
      return book;
    }
    for (WrittenChapter c : book.getChapters()) {
      put(
          book.getBookId(),
          ChapterText.newBuilder()
              .setNumber(c.getNumber())
              .setTitle(c.getTitle())
              .setText(c.getText())
              .setWordCount(c.getWordCount())
              .build());
    }
    book.setWrittenThrough(book.getChapters().size());
    book.setChapters(new ArrayList<>());
    return book;
  }
}
