package io.fablestream.summarizer;

import io.fablestream.platform.calls.ChapterStore;
import io.fablestream.summarizer.state.SummarizedChapter;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/** The chapters of every book of a task, one record a chapter, in order of their number. */
final class SummaryTexts {
  private final ChapterStore<SummarizedChapter> store;

  SummaryTexts(KeyValueStore<String, SummarizedChapter> store) {
    this.store = new ChapterStore<>(store);
  }

  void put(String bookId, SummarizedChapter chapter) {
    store.put(bookId, chapter.getNumber(), chapter);
  }

  /** Chapters {@code from} to {@code through} that are stored, in order. */
  List<SummarizedChapter> range(String bookId, int from, int through) {
    return store.range(bookId, from, through);
  }

  void deleteBook(String bookId) {
    store.deleteBook(bookId);
  }
}
