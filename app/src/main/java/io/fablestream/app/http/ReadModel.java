package io.fablestream.app.http;

import io.fablestream.app.BookCover;
import io.fablestream.app.BookIllustration;
import io.fablestream.app.BookView;
import io.fablestream.app.BookViewService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** The book views the API answers from: the read model's store, queried when asked. */
final class ReadModel {
  private final Supplier<KafkaStreams> streams;

  ReadModel(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /**
   * The book's view, or null when it is unknown.
   *
   * @throws NotReadyException while the store cannot be queried
   */
  BookView view(String bookId) {
    return view(bookId, null);
  }

  /**
   * The book's view at a revision, the current one for null; null when unknown.
   *
   * @throws NotReadyException while the store cannot be queried
   */
  BookView view(String bookId, Integer revision) {
    KafkaStreams now = streams.get();
    if (now == null) {
      throw new NotReadyException();
    }
    try {
      return revision == null
          ? BookViewService.query(now, bookId)
          : BookViewService.query(now, bookId, revision);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException();
    }
  }

  /**
   * The book's cover, the picture it was written from; null when it has none or is unknown.
   *
   * @throws NotReadyException while the store cannot be queried
   */
  BookCover cover(String bookId) {
    KafkaStreams now = streams.get();
    if (now == null) {
      throw new NotReadyException();
    }
    try {
      return BookViewService.cover(now, bookId);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException();
    }
  }

  /**
   * A chapter's illustration as a revision drew it; null when none is kept.
   *
   * @throws NotReadyException while the store cannot be queried
   */
  BookIllustration illustration(String bookId, int chapter, int revision) {
    KafkaStreams now = streams.get();
    if (now == null) {
      throw new NotReadyException();
    }
    try {
      return BookViewService.illustration(now, bookId, chapter, revision);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException();
    }
  }

  /** One book in the list: what a person picks a book by. */
  record Listed(
      String bookId,
      String title,
      BookView.Stage stage,
      int revision,
      int chapterCount,
      long submittedAt,
      long updatedAt) {
    static Listed of(BookView view) {
      return new Listed(
          view.bookId(),
          view.request().title(),
          view.stage(),
          view.revision(),
          view.request().chapterCount(),
          view.request().submittedAt(),
          view.updatedAt());
    }
  }

  /**
   * Newest first by submittedAt, then by bookId, so books submitted in one millisecond keep an
   * order.
   */
  static final Comparator<Listed> NEWEST_FIRST =
      Comparator.comparingLong(Listed::submittedAt).reversed().thenComparing(Listed::bookId);

  /**
   * The newest {@code limit} books, newest first. Every view is read once and dropped at once; only
   * the {@code limit} newest summaries are held.
   *
   * @throws NotReadyException while the store cannot be queried
   */
  List<Listed> newest(int limit) {
    KafkaStreams now = streams.get();
    if (now == null) {
      throw new NotReadyException();
    }
    // The oldest of the kept ones on top, to be dropped when a newer one comes.
    PriorityQueue<Listed> kept = new PriorityQueue<>(limit + 1, NEWEST_FIRST.reversed());
    try {
      BookViewService.forEachView(
          now,
          view -> {
            kept.add(Listed.of(view));
            if (kept.size() > limit) {
              kept.poll();
            }
          });
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException();
    }
    List<Listed> list = new ArrayList<>(kept);
    list.sort(NEWEST_FIRST);
    return list;
  }

  /** The read model is not queryable right now: starting, or rebalancing. */
  static final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadyException() {
      super("The read model is not queryable", null, false, false);
    }
  }
}
