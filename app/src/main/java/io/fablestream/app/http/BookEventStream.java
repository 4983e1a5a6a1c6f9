package io.fablestream.app.http;

import io.fablestream.app.BookEvents;
import io.fablestream.app.BookView;
import io.fablestream.app.Json;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

/**
 * {@code GET /books/{id}/events}: server-sent events of the book's view, the current one at once
 * and one per change, until the book is finished. Each event is named after the view's last event
 * ({@code book} before any).
 *
 * <p>Served whatever the request's {@code Accept} says: Javalin's own SSE route answers an empty
 * {@code 200 text/plain} unless the client asks for {@code text/event-stream}, and {@code curl -N
 * URL}, as a person types it, sends {@code Accept: *}{@code /*}.
 */
record BookEventStream(ReadModel readModel, BookEvents events) {

  /**
   * {@code GET /books/{id}/events}: what Javalin's {@code SseHandler} does, without its check of
   * the Accept header. The response is committed with the stream's headers, then the client is kept
   * open, with no timeout, until it or the book is finished.
   */
  void handle(Context ctx) {
    ctx.status(200);
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setContentType("text/event-stream");
    ctx.res().addHeader("Connection", "close");
    ctx.res().addHeader("Cache-Control", "no-cache");
    // Tells a proxy such as nginx to pass each event on as it comes.
    ctx.res().addHeader("X-Accel-Buffering", "no");
    try {
      ctx.res().flushBuffer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ctx.async(config -> config.timeout = 0, () -> stream(new SseClient(ctx)));
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
