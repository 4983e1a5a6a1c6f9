package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.http.BookResource;
import io.fablestream.app.http.IllustrationResource;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.schemas.Topics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET and HEAD /books/{id}/chapters/{n}/illustration on the read model's own stores; no broker. */
class IllustrationResourceTest {
  private static final String PATH = "/books/{id}/chapters/{n}/illustration";
  private static final Duration WAIT = Duration.ofMillis(600);

  @RegisterExtension
  final ReadModelDriver readModel = ReadModelDriver.perTest(() -> new BookViewService(view -> {}));

  @RegisterExtension
  final LoopbackServer server =
      LoopbackServer.serving(
          routes -> serve(routes, new IllustrationResource(readModel.views(), this::stored, WAIT)));

  private BookIllustration stored(String bookId, int chapter, int revision) {
    return BookIllustration.of(
        StoredIllustrations.get(
            readModel.driver().getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE),
            bookId,
            chapter,
            revision));
  }

  /** The illustration's route, and the book's (its EPUB with the illustrations held). */
  private void serve(JavalinConfig c, IllustrationResource route) {
    IllustrationResource.Illustrations stored = this::stored;
    BookResource.Covers none = bookId -> null;
    c.routes.get(PATH, route::get);
    c.routes.head(PATH, route::get);
    c.routes.get("/books/{id}", ctx -> BookResource.get(ctx, readModel.views(), none, stored));
  }

  private HttpResponse<byte[]> send(Javalin on, String method, String path, String... headers)
      throws Exception {
    return server.send(on, method, path, HttpResponse.BodyHandlers.ofByteArray(), headers);
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send(server.app(), "GET", path, headers);
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  private static byte[] bytes(ChapterIllustrated drawn) {
    ByteBuffer data = drawn.getData().duplicate();
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    return bytes;
  }

  /** Book b of four chapters, written and indexed; chapters 1 to 3 drawn, 4's drawing failed. */
  private void illustratedBook() {
    readModel.written("b", 4, 2);
    readModel.drawnAndCompleted("b", 3, new int[] {1, 1, 2, 2}, 4);
  }

  @Test
  void theChaptersIllustrationIsServedWithItsTypeLengthAndCacheHeaders() throws Exception {
    illustratedBook();
    byte[] png = bytes(Illustrated.drawn("b", 2, 1));

    HttpResponse<byte[]> got = get("/books/b/chapters/2/illustration");
    HttpResponse<byte[]> head = send(server.app(), "HEAD", "/books/b/chapters/2/illustration");
    String etag = got.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = get("/books/b/chapters/2/illustration", "If-None-Match", etag);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(png);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(got.headers().firstValue("Content-Length")).hasValue(Integer.toString(png.length));
    assertThat(got.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
    assertThat(etag).isEqualTo("\"r1-c2-" + png.length + "\"");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(png.length));
    assertThat(head.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void theServedEpubPlacesTheIllustrationsTheReadModelHoldsAndPassesEpubcheck() throws Exception {
    illustratedBook();

    HttpResponse<byte[]> served = get("/books/b.epub");

    assertThat(served.statusCode()).isEqualTo(200);
    EpubContents contents = EpubContents.passing(served.body());
    for (int n = 1; n <= 3; n++) {
      assertThat(contents.entries.get("EPUB/images/chapter-00" + n + ".png"))
          .isEqualTo(bytes(Illustrated.drawn("b", n, 1)));
      assertThat(
              contents
                  .elements("EPUB/chapter-00" + n + ".xhtml", EpubContents.XHTML_NS, "img")
                  .get(0)
                  .getAttribute("alt"))
          .isEqualTo("The cat on the high shelf in chapter " + n);
    }
    assertThat(contents.elements("EPUB/chapter-004.xhtml", EpubContents.XHTML_NS, "img")).isEmpty();
    assertThat(contents.notes("EPUB/chapter-003.xhtml")).containsExactly("From picture 2.");
  }

  @Test
  void everyMissIsA404WithAJsonMessageThatSaysWhich() throws Exception {
    illustratedBook();

    Map<String, HttpResponse<byte[]>> answers =
        Map.of(
            "BOOK_NOT_FOUND", get("/books/nobody/chapters/1/illustration"),
            "REVISION_NOT_FOUND", get("/books/b/chapters/1/illustration?revision=7"),
            "CHAPTER_NOT_FOUND", get("/books/b/chapters/9/illustration"),
            "ILLUSTRATION_NOT_FOUND", get("/books/b/chapters/4/illustration"));

    answers.forEach(
        (code, answer) -> {
          assertThat(answer.statusCode()).as(code).isEqualTo(404);
          assertThat(answer.headers().firstValue("Content-Type"))
              .as(code)
              .hasValue("application/json");
        });
    assertThat(json(answers.get("BOOK_NOT_FOUND")))
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"error\":\"No book nobody is known here.\",\"code\":\"BOOK_NOT_FOUND\"}"));
    assertThat(json(answers.get("REVISION_NOT_FOUND")).path("code").asText())
        .isEqualTo("REVISION_NOT_FOUND");
    assertThat(json(answers.get("CHAPTER_NOT_FOUND")).path("error").asText())
        .isEqualTo("Book b (revision 1) has no chapter 9.");
    assertThat(json(answers.get("ILLUSTRATION_NOT_FOUND")).path("error").asText())
        .isEqualTo(
            "Chapter 4 of book b has no illustration: its drawing failed"
                + " (ILLUSTRATION_UNAVAILABLE).");
  }

  @Test
  void aBookWithoutIllustrationsAndAWrongChapterAreToldApart() throws Exception {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b", TestEvents.submitted("b", 2, 2));
    readModel.publish(Topics.ANALYSIS_READY, "b", TestEvents.analyzed("b", 2, 2));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b", TestEvents.chapter("b", 1, 2));

    HttpResponse<byte[]> writing = get("/books/b/chapters/1/illustration");
    HttpResponse<byte[]> notYet = get("/books/b/chapters/2/illustration");
    HttpResponse<byte[]> word = get("/books/b/chapters/two/illustration");
    readModel.publish(Topics.BOOKS_COMPLETED, "b", TestEvents.completed("b", 2, 2, 1, 1));
    HttpResponse<byte[]> off = get("/books/b/chapters/1/illustration");

    assertThat(json(writing).path("error").asText())
        .isEqualTo("Chapter 1 of book b has no illustration yet.");
    assertThat(json(notYet).path("error").asText())
        .isEqualTo("Book b (revision 1) has no chapter 2 yet.");
    assertThat(word.statusCode()).isEqualTo(400);
    assertThat(json(word).path("field").asText()).isEqualTo("n");
    assertThat(json(off).path("error").asText())
        .isEqualTo("Chapter 1 of book b has no illustration (illustrations were off).");
    assertThat(json(off).path("code").asText()).isEqualTo("ILLUSTRATION_NOT_FOUND");
  }

  @Test
  void aChapterARevisionKeptServesTheOlderRevisionsDrawing() throws Exception {
    illustratedBook();
    readModel.revisedFromChapterThreeAndDrawn("b", new int[] {1, 1, 2, 2});

    HttpResponse<byte[]> kept = get("/books/b/chapters/1/illustration");
    HttpResponse<byte[]> redrawn = get("/books/b/chapters/3/illustration");
    HttpResponse<byte[]> asFirstWritten = get("/books/b/chapters/3/illustration?revision=1");
    HttpResponse<byte[]> nowDrawn = get("/books/b/chapters/4/illustration");

    assertThat(kept.body()).isEqualTo(bytes(Illustrated.drawn("b", 1, 1)));
    assertThat(kept.headers().firstValue("ETag")).get().asString().startsWith("\"r1-c1-");
    assertThat(redrawn.body()).isEqualTo(bytes(Illustrated.drawn("b", 3, 2)));
    assertThat(asFirstWritten.body()).isEqualTo(bytes(Illustrated.drawn("b", 3, 1)));
    assertThat(asFirstWritten.headers().firstValue("Cache-Control"))
        .hasValue("private, max-age=86400, immutable");
    assertThat(nowDrawn.statusCode()).isEqualTo(200);
    assertThat(nowDrawn.body()).isEqualTo(bytes(Illustrated.drawn("b", 4, 2)));
  }

  @Test
  void bytesTheFinishedBookNamesAreWaitedForABoundedTime() throws Exception {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b", TestEvents.submitted("b", 2, 2));
    readModel.publish(Topics.ANALYSIS_READY, "b", TestEvents.analyzed("b", 2, 2));
    // The finished book first, its illustrations' bytes not yet: they come on their own topic.
    readModel.publish(
        Topics.BOOKS_COMPLETED,
        "b",
        Illustrated.illustrate(TestEvents.completed("b", 2, 2, 1, 1), new int[] {1, 1}));
    // Bytes that arrive while a request waits: held here, kept 200 ms after the request.
    Map<String, BookIllustration> arriving = new ConcurrentHashMap<>();
    // A second server, stopped after the test as the first is.
    Javalin late =
        server.start(
            c ->
                serve(
                    c,
                    new IllustrationResource(
                        readModel.views(),
                        (id, n, r) -> arriving.get(id + "/" + n + "/" + r),
                        WAIT)));
    byte[] png = bytes(Illustrated.drawn("b", 1, 1));
    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
        .execute(() -> arriving.put("b/1/1", BookIllustration.of(Illustrated.drawn("b", 1, 1))));

    HttpResponse<byte[]> waited = send(late, "GET", "/books/b/chapters/1/illustration");
    HttpResponse<byte[]> pending = send(late, "GET", "/books/b/chapters/2/illustration");

    assertThat(waited.statusCode()).isEqualTo(200);
    assertThat(waited.body()).isEqualTo(png);
    assertThat(pending.statusCode()).isEqualTo(404);
    assertThat(pending.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(json(pending).path("code").asText()).isEqualTo("ILLUSTRATION_PENDING");
    assertThat(json(pending).path("error").asText())
        .isEqualTo(
            "The illustration of chapter 2 of book b is drawn and on its way to this API; try"
                + " again in a moment.");
  }
}
