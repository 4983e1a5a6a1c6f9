package io.fablestream.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.app.BookEvents;
import io.fablestream.app.BookSubmitter;
import io.fablestream.app.BookView;
import io.fablestream.app.Json;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.HostInfo;

/** The book routes: submit a picture, wait for its book, fetch a book's view or Markdown. */
final class BookRoutes {
  private final BookForm form;
  private final BookSubmitter submitter;
  private final ReadModel readModel;
  private final BookEvents events;
  private final Duration generateWait;
  private final Instances instances;

  BookRoutes(
      BookForm form,
      BookSubmitter submitter,
      ReadModel readModel,
      BookEvents events,
      Duration generateWait,
      Instances instances) {
    this.form = form;
    this.submitter = submitter;
    this.readModel = readModel;
    this.events = events;
    this.generateWait = generateWait;
    this.instances = instances;
  }

  /** {@code POST /books}: 202 with where to follow the book. */
  void submit(Context ctx) {
    BookForm.Submission submission = form.read(ctx);
    String bookId = BookSubmitter.newBookId();
    submitter.submit(bookId, submission.image(), submission.request(), requestedBy(ctx));
    accepted(ctx, bookId);
  }

  /** {@code POST /generate}: as POST /books, then the book once done, or 202 past the wait. */
  void generate(Context ctx) {
    BookForm.Submission submission = form.read(ctx);
    String bookId = BookSubmitter.newBookId();
    CompletableFuture<BookView> done = new CompletableFuture<>();
    Consumer<BookView> finished =
        view -> {
          if (view.finished()) {
            done.complete(view);
          }
        };
    // The book's view will live where its key's partition is: here, or another instance.
    Optional<HostInfo> owner = instances.owner(bookId);
    AutoCloseable listening =
        owner.isEmpty()
            ? events.listen(bookId, finished)
            : instances.follow(ctx, owner.get(), bookId, finished);
    try {
      submitter.submit(bookId, submission.image(), submission.request(), requestedBy(ctx));
    } catch (RuntimeException e) {
      BookEventStream.closeQuietly(listening);
      throw e;
    }
    ctx.future(
        () ->
            done.completeOnTimeout(null, generateWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenAccept(
                    view -> {
                      BookEventStream.closeQuietly(listening);
                      if (view == null) {
                        accepted(ctx, bookId);
                      } else if (view.stage() == BookView.Stage.FAILED) {
                        failed(ctx, view);
                      } else {
                        ctx.contentType("application/json").result(Json.write(generated(view)));
                      }
                    }));
  }

  /** The most books {@code GET /books} lists, and how many without {@code ?limit}. */
  static final int MAX_LIST = 500;

  static final int DEFAULT_LIST = 50;

  /**
   * {@code GET /books}: the books every API instance holds, newest first, {@code ?limit=} of them;
   * each other instance is asked for its newest {@code limit}, so the merge is exact. Asked by
   * another instance, only this one's books.
   */
  void list(Context ctx) {
    String given = ctx.queryParam("limit");
    int limit = DEFAULT_LIST;
    if (given != null) {
      try {
        limit = Integer.parseInt(given.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST) {
        throw ApiException.invalid(
            "limit",
            "limit is '"
                + BookForm.cut(given)
                + "'; it must be a whole number from 1 to "
                + MAX_LIST
                + ".");
      }
    }
    List<ReadModel.Listed> elsewhere =
        Instances.forwarded(ctx) ? List.of() : instances.listedElsewhere(ctx, limit);
    List<ReadModel.Listed> books = readModel.newest(limit);
    if (!elsewhere.isEmpty()) {
      List<ReadModel.Listed> all = new ArrayList<>(books);
      all.addAll(elsewhere);
      all.sort(ReadModel.NEWEST_FIRST);
      books = all.size() > limit ? all.subList(0, limit) : all;
    }
    ctx.contentType("application/json").result(Json.write(Map.of("books", books)));
  }

  /**
   * {@code GET /books/{id}}, {@code /books/{id}.md} and {@code .epub}, each {@code ?revision=N}.
   */
  void book(Context ctx) {
    BookResource.get(ctx, readModel::view, readModel::cover, readModel::illustration);
  }

  private static String requestedBy(Context ctx) {
    return "http:" + ctx.ip();
  }

  private static void accepted(Context ctx, String bookId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bookId", bookId);
    body.put("status", "/books/" + bookId);
    body.put("events", "/books/" + bookId + "/events");
    body.putAll(files(bookId));
    ctx.status(202)
        .header("Location", "/books/" + bookId)
        .contentType("application/json")
        .result(Json.write(body));
  }

  /** Where to fetch the book as a file, beside its other links. */
  private static Map<String, String> files(String bookId) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("markdown", "/books/" + bookId + ".md");
    files.put("epub", "/books/" + bookId + ".epub");
    return files;
  }

  /** {@code POST /generate}'s answer: the finished book's view, and where to fetch it as a file. */
  private static ObjectNode generated(BookView view) {
    ObjectNode body = Json.mapper().valueToTree(view);
    files(view.bookId()).forEach(body::put);
    return body;
  }

  private static void failed(Context ctx, BookView view) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", view.outcome().failure().message());
    body.put("code", view.outcome().failure().reason());
    body.put("bookId", view.bookId());
    body.put("stage", view.outcome().failure().stage());
    ctx.status(422).contentType("application/json").result(Json.write(body));
  }
}
