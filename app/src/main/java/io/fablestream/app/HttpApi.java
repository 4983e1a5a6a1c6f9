package io.fablestream.app;

import io.fablestream.app.BookSubmitter.SubmitException;
import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.service.HealthServer;
import io.fablestream.platform.service.ServiceRunner;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The HTTP API: submit a picture, follow its book, fetch it. Answers from the read model ({@link
 * BookViewService}); errors are JSON {@code {"error": ..., "code": ...}} with the status that fits.
 *
 * <pre>
 * POST /books              multipart image [chapters, arcLength, words, title] -> 202 {"bookId"}
 * GET  /books/{id}         the book's view: stage, chapters so far, summaries, failure, waitingFor
 * GET  /books/{id}.md      the book as Markdown
 * GET  /books/{id}/events  server-sent events, one per change, until the book is finished
 * POST /generate           as POST /books, then waits for the book (api.generate.wait)
 * GET  /metrics, /health/live, /health/ready
 * GET  /, /new, /book/...  the studio (web/), {@link Studio}
 * </pre>
 */
public final class HttpApi implements AutoCloseable {
  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** What the API works with. */
  public record Parts(
      ApiSettings settings,
      BookSubmitter submitter,
      Supplier<KafkaStreams> readModel,
      BookEvents events,
      Supplier<String> metrics,
      List<ServiceRunner> runners) {}

  /** Starts serving on {@code http.bind}:{@code http.port}; port 0 picks a free one. */
  public static HttpApi start(HttpSettings http, Parts parts) {
    Routes routes = new Routes(parts);
    Studio studio = Studio.fromClasspath();
    long max = parts.settings().maxUploadBytes();
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = max + 1024 * 1024;
              config.jetty.multipartConfig.maxFileSize(max, SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(max + 1024 * 1024, SizeUnit.BYTES);
              // The rate limit first: it also slows down guessing the token.
              config.routes.before("/books*", routes::limitRate);
              config.routes.before("/generate", routes::limitRate);
              config.routes.before("/books*", routes::authorize);
              config.routes.before("/generate", routes::authorize);
              config.routes.post("/books", routes::submit);
              config.routes.post("/generate", routes::generate);
              config.routes.get("/books/{id}", routes::book);
              config.routes.sse("/books/{id}/events", routes::events);
              studio.register(config);
              config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
              config.routes.get("/health/ready", routes::ready);
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(parts.metrics().get()));
              config.routes.exception(BadInputException.class, Routes::badInput);
              config.routes.exception(SubmitException.class, Routes::unavailable);
              config.routes.exception(Exception.class, routes::unexpected);
              config.routes.error(
                  404,
                  ctx -> {
                    if (!String.valueOf(ctx.res().getContentType())
                        .startsWith("application/json")) {
                      error(ctx, 404, "NOT_FOUND", "No such path: " + ctx.path());
                    }
                  });
            });
    app.start(http.bind(), http.port());
    return new HttpApi(app);
  }

  /** The port actually bound. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("code", code);
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  /** The handlers, apart from the wiring. */
  private static final class Routes {
    private final Parts parts;
    private final ClientRateLimiter limiter;

    Routes(Parts parts) {
      this.parts = parts;
      this.limiter = new ClientRateLimiter(parts.settings().rateLimitPerMinute(), System::nanoTime);
    }

    /**
     * At most {@code api.rate.limit} book calls a minute from one address; the address is the
     * connection's, so behind a proxy every client shares the proxy's budget.
     */
    void limitRate(Context ctx) {
      long waitSeconds = limiter.acquire(ctx.ip());
      if (waitSeconds > 0) {
        ctx.header("Retry-After", Long.toString(waitSeconds));
        error(
            ctx,
            429,
            "RATE_LIMITED",
            "Too many requests from "
                + ctx.ip()
                + " (api.rate.limit is "
                + parts.settings().rateLimitPerMinute()
                + " a minute); try again in "
                + waitSeconds
                + " s.");
        ctx.skipRemainingHandlers();
      }
    }

    /** With {@code api.token} set, the book calls need it as a bearer token. */
    void authorize(Context ctx) {
      String token = parts.settings().token();
      if (token.isEmpty()) {
        return;
      }
      String given = ctx.header("Authorization");
      byte[] expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (given == null
          || !java.security.MessageDigest.isEqual(
              expected, given.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        ctx.header("WWW-Authenticate", "Bearer");
        error(ctx, 401, "UNAUTHORIZED", "This API needs Authorization: Bearer <api.token>.");
        ctx.skipRemainingHandlers();
      }
    }

    void submit(Context ctx) {
      String bookId = submitFrom(ctx);
      ctx.status(202)
          .header("Location", "/books/" + bookId)
          .contentType("application/json")
          .result(Json.write(accepted(bookId)));
    }

    void generate(Context ctx) {
      ImageInput image = image(ctx);
      BookRequest request = request(ctx);
      String bookId = BookSubmitter.newBookId();
      CompletableFuture<BookView> done = new CompletableFuture<>();
      AutoCloseable listening =
          parts
              .events()
              .listen(
                  bookId,
                  view -> {
                    if (view.finished()) {
                      done.complete(view);
                    }
                  });
      try {
        parts.submitter().submit(bookId, image, request, requestedBy(ctx));
      } catch (RuntimeException e) {
        closeQuietly(listening);
        throw e;
      }
      long waitMs = parts.settings().generateWait().toMillis();
      ctx.future(
          () ->
              done.completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS)
                  .thenAccept(
                      view -> {
                        closeQuietly(listening);
                        if (view == null) {
                          ctx.status(202)
                              .header("Location", "/books/" + bookId)
                              .contentType("application/json")
                              .result(Json.write(accepted(bookId)));
                        } else if (BookView.FAILED.equals(view.stage())) {
                          failed(ctx, view);
                        } else {
                          ctx.contentType("application/json").result(Json.write(view));
                        }
                      }));
    }

    void book(Context ctx) {
      String id = ctx.pathParam("id");
      boolean markdown = id.endsWith(".md");
      String bookId = markdown ? id.substring(0, id.length() - 3) : id;
      BookView view = view(bookId);
      if (view == null) {
        error(ctx, 404, "BOOK_NOT_FOUND", "No book " + bookId + " is known here.");
      } else if (markdown) {
        ctx.contentType("text/markdown; charset=utf-8").result(BookMarkdown.render(view));
      } else {
        ctx.contentType("application/json").result(Json.write(view));
      }
    }

    void events(SseClient client) {
      String bookId = client.ctx().pathParam("id");
      client.keepAlive();
      // Listen before reading the current view, so no change falls between the two.
      AutoCloseable listening =
          parts
              .events()
              .listen(
                  bookId,
                  view -> {
                    client.sendEvent(eventName(view), Json.write(view));
                    if (view.finished()) {
                      client.close();
                    }
                  });
      client.onClose(() -> closeQuietly(listening));
      BookView now = view(bookId);
      if (now != null) {
        client.sendEvent(eventName(now), Json.write(now));
        if (now.finished()) {
          client.close();
        }
      }
    }

    void ready(Context ctx) {
      HealthServer.Readiness readiness = HealthServer.Readiness.of(parts.runners());
      ctx.status(readiness.ready() ? 200 : 503)
          .contentType("application/json")
          .result(readiness.json());
    }

    private BookView view(String bookId) {
      KafkaStreams streams = parts.readModel().get();
      if (streams == null) {
        throw new NotReadyException();
      }
      try {
        return BookViewService.query(streams, bookId);
      } catch (InvalidStateStoreException e) {
        throw new NotReadyException();
      }
    }

    private String submitFrom(Context ctx) {
      ImageInput image = image(ctx);
      BookRequest request = request(ctx);
      String bookId = BookSubmitter.newBookId();
      parts.submitter().submit(bookId, image, request, requestedBy(ctx));
      return bookId;
    }

    private ImageInput image(Context ctx) {
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
        throw new BadInputException(
            "NOT_MULTIPART",
            "Send the picture as multipart/form-data in a field named image, for example: curl"
                + " -F image=@cat.jpg ...");
      }
      UploadedFile file = ctx.uploadedFile("image");
      if (file == null) {
        throw new BadInputException(
            "MISSING_IMAGE", "The multipart field image is missing: curl -F image=@cat.jpg ...");
      }
      long max = parts.settings().maxUploadBytes();
      if (file.size() > max) {
        throw new BadInputException(
            "IMAGE_TOO_LARGE",
            "The upload is " + file.size() + " bytes; the limit is " + max + " bytes.");
      }
      try (InputStream in = file.content()) {
        return ImageInput.of(in.readAllBytes(), max, "The upload");
      } catch (IOException e) {
        throw new BadInputException("UNREADABLE_UPLOAD", "Cannot read the upload: " + e);
      }
    }

    private static BookRequest request(Context ctx) {
      BookRequest d = BookRequest.DEFAULTS;
      return new BookRequest(
          intField(ctx, "chapters", d.chapters()),
          intField(ctx, "arcLength", d.arcLength()),
          intField(ctx, "words", d.words()),
          ctx.formParam("title"));
    }

    private static int intField(Context ctx, String name, int otherwise) {
      String value = ctx.formParam(name);
      if (value == null || value.isBlank()) {
        return otherwise;
      }
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new BadInputException(
            "INVALID_REQUEST", name + " is '" + value + "'; it must be a whole number.");
      }
    }

    private static String requestedBy(Context ctx) {
      return "http:" + ctx.ip();
    }

    private static Map<String, Object> accepted(String bookId) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("bookId", bookId);
      body.put("status", "/books/" + bookId);
      body.put("events", "/books/" + bookId + "/events");
      body.put("markdown", "/books/" + bookId + ".md");
      return body;
    }

    private static String eventName(BookView view) {
      return view.lastEvent() == null ? "book" : view.lastEvent();
    }

    private static void failed(Context ctx, BookView view) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", view.failure().message());
      body.put("code", view.failure().reason());
      body.put("bookId", view.bookId());
      body.put("stage", view.failure().stage());
      ctx.status(422).contentType("application/json").result(Json.write(body));
    }

    static void badInput(BadInputException e, Context ctx) {
      int status = "IMAGE_TOO_LARGE".equals(e.code()) ? 413 : 400;
      error(ctx, status, e.code(), e.getMessage());
    }

    static void unavailable(SubmitException e, Context ctx) {
      error(ctx, 503, "KAFKA_UNAVAILABLE", e.getMessage());
    }

    void unexpected(Exception e, Context ctx) {
      if (e instanceof NotReadyException) {
        error(ctx, 503, "NOT_READY", "The read model is starting or rebalancing; try again.");
        return;
      }
      String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String causeText = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
      // Jetty refuses a multipart body over the configured sizes with an exception of its own.
      if (text.contains("max") && (text.contains("size") || text.contains("exceed"))
          || causeText.contains("max") && causeText.contains("size")) {
        error(
            ctx,
            413,
            "IMAGE_TOO_LARGE",
            "The upload is over the limit of "
                + parts.settings().maxUploadBytes()
                + " bytes (api.max.upload.bytes).");
        return;
      }
      error(ctx, 500, "INTERNAL_ERROR", e.toString());
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Unregistering a listener cannot fail in a way the caller could act on.
      }
    }
  }

  /** The read model is not queryable right now. */
  private static final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
