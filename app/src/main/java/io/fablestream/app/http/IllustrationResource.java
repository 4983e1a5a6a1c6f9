package io.fablestream.app.http;

import io.fablestream.app.BookIllustration;
import io.fablestream.app.BookView;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET} and {@code HEAD /books/{id}/chapters/{n}/illustration[?revision=N]}: a chapter's
 * illustration, the bytes with their content type, as the revision that last wrote the chapter drew
 * it (a chapter a revision kept serves the older revision's picture).
 *
 * <p>Every miss is a 404 JSON error that says which: no such book ({@code BOOK_NOT_FOUND}, or
 * {@code REVISION_NOT_FOUND}), no such chapter yet ({@code CHAPTER_NOT_FOUND}), no illustration
 * ({@code ILLUSTRATION_NOT_FOUND}: illustrations off, its drawing failed, or not drawn yet).
 *
 * <p>The bytes come on their own topic, so the read model may hold the finished book, whose chapter
 * names its illustration, a moment before the bytes: then the route waits for them, at most {@code
 * wait}, without holding a server thread, and past it answers 404 {@code ILLUSTRATION_PENDING} with
 * {@code Retry-After}. Its answer may be cached: {@code ETag} (the revision, chapter and size),
 * revalidated each time without {@code ?revision} (a revision may redraw the chapter), kept a day
 * with it (what a revision drew never changes).
 */
public final class IllustrationResource {
  /** How long the route waits for bytes the book already names, by default. */
  public static final Duration WAIT = Duration.ofSeconds(3);

  /** How often it looks for them meanwhile. */
  static final Duration POLL = Duration.ofMillis(100);

  /** Reads a chapter's illustration from the read model: null when none is kept. */
  public interface Illustrations {
    BookIllustration illustration(String bookId, int chapter, int revision);
  }

  private final BookResource.Views views;
  private final Illustrations illustrations;
  private final Duration wait;

  /**
   * @param views the books' views
   * @param illustrations the illustrations' bytes
   * @param wait how long to wait for the bytes of an illustration the book names
   */
  public IllustrationResource(
      BookResource.Views views, Illustrations illustrations, Duration wait) {
    this.views = views;
    this.illustrations = illustrations;
    this.wait = wait;
  }

  /** Answers a GET or HEAD of the path's book {@code id} and chapter {@code n}. */
  public void get(Context ctx) {
    try {
      answer(ctx);
    } catch (ApiException e) {
      ApiErrors.send(ctx, e.status(), e.code(), e.field(), e.getMessage());
    }
  }

  private void answer(Context ctx) {
    String bookId = ctx.pathParam("id");
    int number = chapterNumber(ctx.pathParam("n"));
    Integer revision = BookResource.revision(ctx);
    if (revision == null && ctx.queryParam("revision") != null) {
      return;
    }
    BookView view = views.view(bookId, revision);
    if (view == null) {
      if (revision != null && views.view(bookId, null) != null) {
        throw new ApiException(
            404,
            "REVISION_NOT_FOUND",
            null,
            "Book " + bookId + " has no revision " + revision + " known here.");
      }
      throw new ApiException(404, "BOOK_NOT_FOUND", null, "No book " + bookId + " is known here.");
    }
    Optional<BookView.Chapter> found =
        view.story().chapters().stream().filter(c -> c.number() == number).findFirst();
    if (found.isEmpty()) {
      throw new ApiException(
          404,
          "CHAPTER_NOT_FOUND",
          null,
          "Book "
              + bookId
              + " (revision "
              + view.revision()
              + ") has no chapter "
              + number
              + (view.finished() ? "." : " yet."));
    }
    BookView.Chapter chapter = found.get();
    BookIllustration kept = illustrations.illustration(bookId, number, chapter.revision());
    if (kept != null) {
      send(ctx, kept, number, revision != null);
    } else if (chapter.illustration() == null) {
      throw new ApiException(404, "ILLUSTRATION_NOT_FOUND", null, none(view, chapter));
    } else {
      int drawnBy = chapter.revision();
      boolean pinned = revision != null;
      ctx.future(
          () ->
              arrival(bookId, number, drawnBy, System.nanoTime() + wait.toNanos())
                  .handle(
                      (arrived, error) -> {
                        if (arrived != null) {
                          send(ctx, arrived, number, pinned);
                        } else if (error != null) {
                          ApiErrors.send(
                              ctx,
                              503,
                              "NOT_READY",
                              "The read model is starting or rebalancing; try again.");
                        } else {
                          ctx.header("Retry-After", "2");
                          ApiErrors.send(
                              ctx,
                              404,
                              "ILLUSTRATION_PENDING",
                              "The illustration of chapter "
                                  + number
                                  + " of book "
                                  + bookId
                                  + " is drawn and on its way to this API; try again in a"
                                  + " moment.");
                        }
                        return null;
                      }));
    }
  }

  /**
   * The illustration once it is kept, or null past the deadline; looked for every {@link #POLL}.
   */
  private CompletableFuture<BookIllustration> arrival(
      String bookId, int chapter, int revision, long deadline) {
    Executor later = CompletableFuture.delayedExecutor(POLL.toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(
            () -> illustrations.illustration(bookId, chapter, revision), later)
        .thenCompose(
            found ->
                found != null || System.nanoTime() - deadline >= 0
                    ? CompletableFuture.completedFuture(found)
                    : arrival(bookId, chapter, revision, deadline));
  }

  private static void send(Context ctx, BookIllustration picture, int chapter, boolean pinned) {
    String etag = "\"r" + picture.revision() + "-c" + chapter + "-" + picture.data().length + "\"";
    ctx.header("ETag", etag)
        .header(
            "Cache-Control", pinned ? "private, max-age=86400, immutable" : "private, no-cache");
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(picture.contentType())
        .header("Content-Length", Integer.toString(picture.data().length));
    if (!"HEAD".equals(ctx.method().name())) {
      ctx.result(picture.data());
    }
  }

  /** Why a chapter has no illustration, for a person. */
  private static String none(BookView view, BookView.Chapter chapter) {
    String which = "Chapter " + chapter.number() + " of book " + view.bookId();
    if (chapter.illustrationFailure() != null) {
      return which
          + " has no illustration: its drawing failed ("
          + chapter.illustrationFailure()
          + ").";
    }
    return which
        + (view.finished()
            ? " has no illustration (illustrations were off)."
            : " has no illustration yet.");
  }

  /** The path's chapter number, from 1. */
  private static int chapterNumber(String given) {
    try {
      int n = Integer.parseInt(given.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        "n", "The chapter is '" + BookForm.cut(given) + "'; it must be a whole number from 1.");
  }
}
