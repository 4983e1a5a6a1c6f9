package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.http.BookResource;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /books/{id}[.md|.epub][?revision=N] on the read model's own stores; no broker. */
class BookResourceTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private TopologyTestDriver driver;
  private Javalin app;

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void start() {
    driver = ReadModelDriver.start(new BookViewService(view -> {}), stateDir);
    BookResource.Views views =
        (bookId, revision) ->
            revision == null
                ? driver.<String, BookView>getKeyValueStore(BookViewService.STORE).get(bookId)
                : BookViewService.revisionOf(driver::getKeyValueStore, bookId, revision);
    BookResource.Covers covers =
        bookId -> {
          byte[] jpeg =
              driver.<String, byte[]>getKeyValueStore(BookViewService.COVERS_STORE).get(bookId);
          return jpeg == null ? null : new BookCover("image/jpeg", jpeg);
        };
    app =
        Javalin.create(
                c -> c.routes.get("/books/{id}", ctx -> BookResource.get(ctx, views, covers)))
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

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  /** Book b, four chapters in arcs of two, completed, then being revised from chapter 3. */
  private void revisedBook() {
    publish(Topics.IMAGES_SUBMITTED, TestEvents.submitted("b", 4, 2));
    publish(Topics.ANALYSIS_READY, TestEvents.analyzed("b", 4, 2));
    publish(Topics.BOOKS_COMPLETED, TestEvents.completed("b", 4, 2, 1, 1));
    publish(Topics.BOOKS_REVISIONS, TestEvents.revision("b", 2, 3, "a friend"));
    publish(Topics.CHAPTERS_WRITTEN, TestEvents.chapter("b", 3, 4, 2));
  }

  @Test
  void eachRevisionIsServedWithTheBooksListOfRevisions() throws Exception {
    revisedBook();

    JsonNode current = json(get("/books/b"));
    JsonNode first = json(get("/books/b?revision=1"));
    JsonNode second = json(get("/books/b?revision=2"));

    assertThat(current).isEqualTo(second);
    assertThat(current.path("revision").asInt()).isEqualTo(2);
    assertThat(current.path("stage").asText()).isEqualTo("WRITING");
    assertThat(first.path("revision").asInt()).isEqualTo(1);
    assertThat(first.path("stage").asText()).isEqualTo("COMPLETED");
    assertThat(first.path("chapters").findValuesAsText("title"))
        .containsExactly(
            "Chapter title 1", "Chapter title 2", "Chapter title 3", "Chapter title 4");
    assertThat(first.path("revisions")).isEqualTo(current.path("revisions"));
    assertThat(current.path("revisions").findValuesAsText("stage"))
        .containsExactly("COMPLETED", "WRITING");
  }

  @Test
  void markdownIsOfACompletedRevisionOnly() throws Exception {
    revisedBook();

    HttpResponse<String> first = get("/books/b.md?revision=1");
    HttpResponse<String> current = get("/books/b.md");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
    assertThat(first.body()).contains("# The Cat\n", "## Chapter 4: Chapter title 4\n");
    assertThat(current.statusCode()).isEqualTo(409);
    assertThat(json(current).path("code").asText()).isEqualTo("CONFLICT");
    assertThat(json(current).path("error").asText())
        .contains("revision 2", "WRITING", "chapter 3 to be indexed");
  }

  @Test
  void servedEpubAndTheClisEpubPassEpubcheckWithThePictureAsTheCover(@TempDir Path dir)
      throws Exception {
    byte[] png = FinishedBooks.picture("png");
    var submitted = TestEvents.submitted("b", 4, 2);
    submitted.getImage().setData(ByteBuffer.wrap(png));
    publish(Topics.IMAGES_SUBMITTED, submitted);
    publish(Topics.ANALYSIS_READY, TestEvents.analyzed("b", 4, 2));
    publish(Topics.BOOKS_COMPLETED, TestEvents.completed("b", 4, 2, 1, 1));

    HttpResponse<byte[]> served =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/books/b.epub"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    BookView view = driver.<String, BookView>getKeyValueStore(BookViewService.STORE).get("b");
    BookCover cover = new BookCover("image/png", png);
    Path written = GenerateCommand.write(view, dir.resolve("book.epub"), true, cover);

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/epub+zip");
    assertThat(served.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"the-cat.epub\"");
    assertThat(Epubcheck.problems(served.body())).isEmpty();
    assertThat(new EpubContents(served.body()).entries).containsKey("EPUB/images/cover.jpg");
    byte[] cli = Files.readAllBytes(written);
    assertThat(Epubcheck.problems(cli)).isEmpty();
    assertThat(new EpubContents(cli).entries).containsKey("EPUB/images/cover.png");
  }

  @Test
  void epubOfABookStillBeingWrittenIsAConflict() throws Exception {
    revisedBook();

    HttpResponse<String> epub = get("/books/b.epub");

    assertThat(epub.statusCode()).isEqualTo(409);
    assertThat(json(epub).path("code").asText()).isEqualTo("CONFLICT");
    assertThat(get("/books/b.epub?revision=1").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRevisionIsNotFoundAndAWrongOneIsABadRequest() throws Exception {
    revisedBook();

    HttpResponse<String> unknown = get("/books/b?revision=7");
    HttpResponse<String> unknownBook = get("/books/nobody?revision=1");
    HttpResponse<String> wrong = get("/books/b.md?revision=two");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("code").asText()).isEqualTo("REVISION_NOT_FOUND");
    assertThat(unknownBook.statusCode()).isEqualTo(404);
    assertThat(json(unknownBook).path("code").asText()).isEqualTo("BOOK_NOT_FOUND");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).path("field").asText()).isEqualTo("revision");
    assertThat(json(wrong).path("code").asText()).isEqualTo("INVALID_REQUEST");
  }
}
