package io.fablestream.app.http;

import io.fablestream.app.BookCover;
import io.fablestream.app.BookEpub;
import io.fablestream.app.BookMarkdown;
import io.fablestream.app.BookView;
import io.fablestream.app.FinishedBook;
import io.fablestream.app.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /books/{id}}, {@code /books/{id}.md}, {@code /books/{id}.epub}: a book's view as JSON,
 * or as Markdown or EPUB (with its picture as the cover) once completed (409 CONFLICT before);
 * {@code ?revision=N} for one revision of it (404 when that revision is not known).
 */
public final class BookResource {
  /** Reads a book's view from the read model: the current one for a null revision. */
  public interface Views {
    BookView view(String bookId, Integer revision);
  }

  /** Reads a book's cover from the read model: null for none. */
  public interface Covers {
    BookCover cover(String bookId);
  }

  private BookResource() {}

  /** Answers a GET of the book whose id, with a suffix for the form, is the path's {@code id}. */
  public static void get(Context ctx, Views views, Covers covers) {
    get(ctx, views, covers, (bookId, chapter, revision) -> null);
  }

  /**
   * As {@link #get(Context, Views, Covers)}, the EPUB with the chapters' illustrations the read
   * model holds (one whose bytes have not arrived yet is left out).
   */
  public static void get(
      Context ctx, Views views, Covers covers, IllustrationResource.Illustrations illustrations) {
    String id = ctx.pathParam("id");
    boolean markdown = id.endsWith(".md");
    boolean epub = id.endsWith(".epub");
    String bookId =
        markdown ? id.substring(0, id.length() - 3) : epub ? id.substring(0, id.length() - 5) : id;
    Integer revision = revision(ctx);
    if (revision == null && ctx.queryParam("revision") != null) {
      return;
    }
    BookView view = views.view(bookId, revision);
    if (view == null) {
      if (revision != null && views.view(bookId, null) != null) {
        ApiErrors.send(
            ctx,
            404,
            "REVISION_NOT_FOUND",
            "Book " + bookId + " has no revision " + revision + " known here.");
      } else {
        ApiErrors.send(ctx, 404, "BOOK_NOT_FOUND", "No book " + bookId + " is known here.");
      }
    } else if ((markdown || epub) && view.stage() != BookView.Stage.COMPLETED) {
      notCompleted(ctx, view);
    } else if (epub) {
      byte[] file =
          BookEpub.of(
              FinishedBook.of(view),
              covers.cover(bookId),
              chapter ->
                  illustrations.illustration(bookId, chapter.getNumber(), chapter.getRevision()));
      String name = FinishedBook.fileName(view.request().title(), bookId, ".epub");
      ctx.contentType("application/epub+zip")
          .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
          .result(file);
    } else if (markdown) {
      ctx.contentType("text/markdown; charset=utf-8").result(BookMarkdown.render(view));
    } else {
      ctx.contentType("application/json").result(Json.write(view));
    }
  }

  private static void notCompleted(Context ctx, BookView view) {
    ApiErrors.send(
        ctx,
        409,
        "CONFLICT",
        "Book "
            + view.bookId()
            + " (revision "
            + view.revision()
            + ") is "
            + view.stage()
            + ", not completed"
            + (view.waitingFor() == null ? "" : ": it waits for " + view.waitingFor())
            + ". GET /books/"
            + view.bookId()
            + " shows how far it has come.");
  }

  /** The {@code revision} query parameter; null when absent, or when wrong (answered 400). */
  static Integer revision(Context ctx) {
    String given = ctx.queryParam("revision");
    if (given == null) {
      return null;
    }
    try {
      int revision = Integer.parseInt(given.strip());
      if (revision >= 1) {
        return revision;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "revision is '" + given + "'; it must be a whole number from 1.");
    body.put("code", "INVALID_REQUEST");
    body.put("field", "revision");
    ctx.status(400).contentType("application/json").result(Json.write(body));
    return null;
  }
}
