package io.fablestream.app.http;

import io.fablestream.app.BookEvents;
import io.fablestream.app.BookView;
import io.fablestream.app.Json;
import io.javalin.http.sse.SseClient;

/**
 * {@code GET /books/{id}/events}: server-sent events of the book's view, the current one at once
 * and one per change, until the book is finished. Each event is named after the view's last event
 * ({@code book} before any).
 */
final class BookEventStream {
  private final ReadModel readModel;
  private final BookEvents events;

  BookEventStream(ReadModel readModel, BookEvents events) {
    this.readModel = readModel;
    this.events = events;
  }

  void stream(SseClient client) {
    String bookId = client.ctx().pathParam("id");
    client.keepAlive();
    // Listen before reading the current view, so no change falls between the two.
    AutoCloseable listening =
        events.listen(
            bookId,
            view -> {
              client.sendEvent(eventName(view), Json.write(view));
              if (view.finished()) {
                client.close();
              }
            });
    client.onClose(() -> closeQuietly(listening));
    BookView now = readModel.view(bookId);
    if (now != null) {
      client.sendEvent(eventName(now), Json.write(now));
      if (now.finished()) {
        client.close();
      }
    }
  }

  static String eventName(BookView view) {
    return view.lastEvent() == null ? "book" : view.lastEvent();
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Unregistering a listener cannot fail in a way the caller could act on.
    }
  }
}
