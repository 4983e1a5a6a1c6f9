package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.http.BookResource;
import io.fablestream.app.http.IllustrationResource;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET and HEAD /books/{id}/chapters/{n}/illustration on the read model's own stores; no broker. */
class IllustrationResourceTest {
  private static final String PATH = "/books/{id}/chapters/{n}/illustration";
  private static final Duration WAIT = Duration.ofMillis(600);

  private final HttpClient http = HttpClient.newHttpClient();
  private TopologyTestDriver driver;
  private Javalin app;

  @TempDir Path stateDir;

  @BeforeEach
  void start() {
    driver = ReadModelDriver.start(new BookViewService(view -> {}), stateDir);
    IllustrationResource route =
        new IllustrationResource(views(), (id, n, r) -> stored(id, n, r), WAIT);
    app = serve(route);
  }

  private BookResource.Views views() {
    return (bookId, revision) ->
        revision == null
            ? driver.<String, BookView>getKeyValueStore(BookViewService.STORE).get(bookId)
            : BookViewService.revisionOf(driver::getKeyValueStore, bookId, revision);
  }

  private BookIllustration stored(String bookId, int chapter, int revision) {
    return BookIllustration.of(
        StoredIllustrations.get(
            driver.getKeyValueStore(BookViewService.ILLUSTRATIONS_STORE),
            bookId,
            chapter,
            revision));
  }

  /** The illustration's route, and the book's (its EPUB with the illustrations held). */
  private Javalin serve(IllustrationResource route) {
    IllustrationResource.Illustrations stored = this::stored;
    BookResource.Covers none = bookId -> null;
    return Javalin.create(
            c -> {
              c.routes.get(PATH, route::get);
              c.routes.head(PATH, route::get);
              c.routes.get("/books/{id}", ctx -> BookResource.get(ctx, views(), none, stored));
            })
        .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    driver.close();
  }

  private <V extends SpecificRecord> void publish(Topic<V> topic, V value) {
    ReadModelDriver.publish(driver, topic, "b", value);
  }

  private HttpResponse<byte[]> send(Javalin on, String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send(app, "GET", path, headers);
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
    publish(Topics.IMAGES_SUBMITTED, TestEvents.submitted("b", 4, 2));
    publish(Topics.ANALYSIS_READY, TestEvents.analyzed("b", 4, 2));
    for (int n = 1; n <= 4; n++) {
      publish(Topics.CHAPTERS_WRITTEN, TestEvents.chapter("b", n, 4));
      publish(Topics.CHAPTERS_INDEXED, TestEvents.indexed("b", n));
    }
    for (int n = 1; n <= 3; n++) {
      publish(Topics.CHAPTERS_ILLUSTRATED, Illustrated.drawn("b", n, 1));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 1, 1), new int[] {1, 1, 2, 2}, 4));
  }

  @Test
  void theChaptersIllustrationIsServedWithItsTypeLengthAndCacheHeaders() throws Exception {
    illustratedBook();
    byte[] png = bytes(Illustrated.drawn("b", 2, 1));

    HttpResponse<byte[]> got = get("/books/b/chapters/2/illustration");
    HttpResponse<byte[]> head = send(app, "HEAD", "/books/b/chapters/2/illustration");
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
    assertThat(Epubcheck.problems(served.body())).isEmpty();
    EpubContents contents = new EpubContents(served.body());
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
    publish(Topics.IMAGES_SUBMITTED, TestEvents.submitted("b", 2, 2));
    publish(Topics.ANALYSIS_READY, TestEvents.analyzed("b", 2, 2));
    publish(Topics.CHAPTERS_WRITTEN, TestEvents.chapter("b", 1, 2));

    HttpResponse<byte[]> writing = get("/books/b/chapters/1/illustration");
    HttpResponse<byte[]> notYet = get("/books/b/chapters/2/illustration");
    HttpResponse<byte[]> word = get("/books/b/chapters/two/illustration");
    publish(Topics.BOOKS_COMPLETED, TestEvents.completed("b", 2, 2, 1, 1));
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
    publish(Topics.BOOKS_REVISIONS, TestEvents.revision("b", 2, 3, "a friend"));
    for (int n = 3; n <= 4; n++) {
      publish(Topics.CHAPTERS_WRITTEN, TestEvents.chapter("b", n, 4, 2));
      publish(Topics.CHAPTERS_ILLUSTRATED, Illustrated.drawn("b", n, 2));
    }
    publish(
        Topics.BOOKS_COMPLETED,
        Illustrated.illustrate(TestEvents.completed("b", 4, 2, 2, 3), new int[] {1, 1, 2, 2}));

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
    publish(Topics.IMAGES_SUBMITTED, TestEvents.submitted("b", 2, 2));
    publish(Topics.ANALYSIS_READY, TestEvents.analyzed("b", 2, 2));
    // The finished book first, its illustrations' bytes not yet: they come on their own topic.
    publish(
        Topics.BOOKS_COMPLETED,
        Illustrated.illustrate(TestEvents.completed("b", 2, 2, 1, 1), new int[] {1, 1}));
    // Bytes that arrive while a request waits: held here, kept 200 ms after the request.
    Map<String, BookIllustration> arriving = new ConcurrentHashMap<>();
    Javalin late =
        serve(
            new IllustrationResource(
                views(), (id, n, r) -> arriving.get(id + "/" + n + "/" + r), WAIT));
    try {
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
    } finally {
      late.stop();
    }
  }
}
