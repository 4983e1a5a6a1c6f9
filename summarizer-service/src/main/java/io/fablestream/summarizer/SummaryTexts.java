package io.fablestream.summarizer;

import io.fablestream.summarizer.state.SummarizedChapter;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The chapters of every book of a task, one record a chapter, in order of their number. */
final class SummaryTexts {
  private static final char SEPARATOR = '\u0000';

  private final KeyValueStore<String, SummarizedChapter> store;

  SummaryTexts(KeyValueStore<String, SummarizedChapter> store) {
    this.store = store;
  }

  void put(String bookId, SummarizedChapter chapter) {
    store.put(key(bookId, chapter.getNumber()), chapter);
  }

  /** Chapters {@code from} to {@code through} that are stored, in order. */
  List<SummarizedChapter> range(String bookId, int from, int through) {
    List<SummarizedChapter> chapters = new ArrayList<>();
    try (KeyValueIterator<String, SummarizedChapter> range =
        store.range(key(bookId, from), key(bookId, through))) {
      range.forEachRemaining(kv -> chapters.add(kv.value));
    }
    return chapters;
  }

  void deleteBook(String bookId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, SummarizedChapter> range =
        store.range(key(bookId, 0), key(bookId, 99_999))) {
      range.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  private static String key(String bookId, int number) {
    return bookId + SEPARATOR + String.format("%05d", number);
  }
}
