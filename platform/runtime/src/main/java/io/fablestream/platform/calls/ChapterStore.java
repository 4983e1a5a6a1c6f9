package io.fablestream.platform.calls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The chapters of every book of a task in a key-value store, one record a chapter, keyed by bookId
 * and the chapter's number (zero-padded, so a range scan reads a book's chapters in order). The key
 * is the changelog's: it must not change.
 *
 * @param <V> a chapter's record
 */
public final class ChapterStore<V> {
  private static final char SEPARATOR = '\u0000';
  private static final int LAST_NUMBER = 99_999;

  private final KeyValueStore<String, V> store;

  public ChapterStore(KeyValueStore<String, V> store) {
    this.store = store;
  }

  /** Keeps chapter {@code number} of a book, in place of what was kept for it. */
  public void put(String bookId, int number, V chapter) {
    store.put(key(bookId, number), chapter);
  }

  /** Chapter {@code number} of a book, if it is stored. */
  public Optional<V> get(String bookId, int number) {
    return Optional.ofNullable(store.get(key(bookId, number)));
  }

  /** Chapters {@code from} to {@code through} of a book that are stored, in order. */
  public List<V> range(String bookId, int from, int through) {
    List<V> chapters = new ArrayList<>();
    try (KeyValueIterator<String, V> range = store.range(key(bookId, from), key(bookId, through))) {
      range.forEachRemaining(kv -> chapters.add(kv.value));
    }
    return chapters;
  }

  /** Forgets every chapter of a book. */
  public void deleteBook(String bookId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, V> range =
        store.range(key(bookId, 0), key(bookId, LAST_NUMBER))) {
      range.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  private static String key(String bookId, int number) {
    return bookId + SEPARATOR + String.format("%05d", number);
  }
}
