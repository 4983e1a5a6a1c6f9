package io.fablestream.app.http;

import io.fablestream.app.BookView;
import io.fablestream.app.BookViewService;
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

  /** The read model is not queryable right now: starting, or rebalancing. */
  static final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadyException() {
      super("The read model is not queryable", null, false, false);
    }
  }
}
