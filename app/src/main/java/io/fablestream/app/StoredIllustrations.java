package io.fablestream.app;

import io.fablestream.events.ChapterIllustrated;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chapters' illustrations in the read model's store {@link
 * BookViewService#ILLUSTRATIONS_STORE}, keyed {@link #key}: the bytes {@code GET
 * /books/{id}/chapters/{n}/illustration} serves.
 *
 * <p>Bounded three ways: an illustration over {@value #MAX_BYTES} bytes is not kept (the topic
 * takes records of 8 MB, the store's changelog as much, and a drawn picture of 2048 px a side is a
 * few MB); a chapter keeps the illustrations of its {@value #KEPT_PER_CHAPTER} newest revisions at
 * most, as many as the finished revisions' views a book keeps (and one more for the current
 * revision), for only those views refer to an older one; and a book's illustrations go with its
 * view ({@link BookViewFold}'s sweep). A chapter's number is one of the book's chapters, so a book
 * holds at most {@code chapterCount} times that many.
 */
final class StoredIllustrations {
  private static final Logger LOG = LoggerFactory.getLogger(StoredIllustrations.class);

  /** The largest illustration kept, in bytes. */
  static final int MAX_BYTES = 6 * 1024 * 1024;

  /** The most revisions of one chapter whose illustrations are kept. */
  static final int KEPT_PER_CHAPTER = BookViewFold.StoredRevisions.KEPT_PER_BOOK + 1;

  private final KeyValueStore<String, ChapterIllustrated> store;

  StoredIllustrations(KeyValueStore<String, ChapterIllustrated> store) {
    this.store = store;
  }

  /**
   * An illustration's key: the bookId, the chapter, then the revision, each number in ten digits,
   * so one chapter's revisions sort together and in order.
   */
  static String key(String bookId, int chapter, int revision) {
    return chapterPrefix(bookId, chapter) + String.format("%010d", revision);
  }

  private static String chapterPrefix(String bookId, int chapter) {
    return bookId + "#" + String.format("%010d", chapter) + "#";
  }

  /** The illustration of a chapter as a revision wrote it, or null when none is kept. */
  static ChapterIllustrated get(
      ReadOnlyKeyValueStore<String, ChapterIllustrated> store,
      String bookId,
      int chapter,
      int revision) {
    return store.get(key(bookId, chapter, revision));
  }

  /**
   * Keeps an illustration of a book the read model holds, if it is one to keep.
   *
   * @param view the book's view, which says how many chapters it has
   * @return whether it was kept
   */
  boolean keep(BookView view, ChapterIllustrated drawn) {
    int chapter = drawn.getChapterNumber();
    int size = drawn.getData().remaining();
    int chapters = Math.max(view.request().chapterCount(), view.story().chapters().size());
    if (chapter < 1 || chapter > chapters || size == 0 || size > MAX_BYTES) {
      LOG.warn(
          "Book {}: not keeping the illustration of chapter {} (revision {}, {} bytes): a chapter"
              + " from 1 to {} and 1 to {} bytes are kept.",
          view.bookId(),
          chapter,
          drawn.getRevision(),
          size,
          chapters,
          MAX_BYTES);
      return false;
    }
    // Only the bytes and what they are are served; the prompt is the alt text, cut.
    ChapterIllustrated kept =
        ChapterIllustrated.newBuilder(drawn)
            .setPrompt(BookViewAggregator.alt(drawn.getPrompt()))
            .build();
    String chapterPrefix = chapterPrefix(view.bookId(), chapter);
    store.put(chapterPrefix + String.format("%010d", drawn.getRevision()), kept);
    List<String> keys = keys(chapterPrefix, 10);
    for (int i = 0; keys.size() - i > KEPT_PER_CHAPTER; i++) {
      store.delete(keys.get(i));
    }
    return true;
  }

  /** Drops every illustration of the book. */
  void deleteBook(String bookId) {
    keys(bookId + "#", 21).forEach(store::delete);
  }

  /** The keys under a prefix that have {@code rest} more characters, in order. */
  private List<String> keys(String prefix, int rest) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ChapterIllustrated> all =
        store.prefixScan(prefix, new StringSerializer())) {
      while (all.hasNext()) {
        String key = all.next().key;
        // Another book's id may start with this one and '#': its keys are longer.
        if (key.length() == prefix.length() + rest) {
          keys.add(key);
        }
      }
    }
    return keys;
  }
}
