package io.fablestream.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each book's new views to whoever listens for that book (SSE clients, waiting {@code POST
 * /generate} calls). The read model's stream thread publishes; listeners run on a thread of their
 * own, so a slow HTTP client never stalls Kafka Streams.
 */
public final class BookEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BookEvents.class);

  private final Map<String, List<Consumer<BookView>>> listeners = new ConcurrentHashMap<>();
  private final ExecutorService dispatch =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fablestream-book-events");
            t.setDaemon(true);
            return t;
          });

  /** Called with each new view, from the read model. */
  public void publish(BookView view) {
    List<Consumer<BookView>> forBook = listeners.get(view.bookId());
    if (forBook == null || forBook.isEmpty()) {
      return;
    }
    dispatch.execute(
        () -> {
          for (Consumer<BookView> listener : forBook) {
            try {
              listener.accept(view);
            } catch (RuntimeException e) {
              LOG.warn("A listener of book {} failed: {}", view.bookId(), e.toString());
            }
          }
        });
  }

  /** Listens to one book until the returned handle is closed. */
  public AutoCloseable listen(String bookId, Consumer<BookView> listener) {
    listeners.computeIfAbsent(bookId, id -> new CopyOnWriteArrayList<>()).add(listener);
    return () ->
        listeners.computeIfPresent(
            bookId,
            (id, list) -> {
              list.remove(listener);
              return list.isEmpty() ? null : list;
            });
  }

  @Override
  public void close() {
    dispatch.shutdownNow();
  }
}
