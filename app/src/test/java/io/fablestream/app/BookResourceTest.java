package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.http.BookResource;
import io.fablestream.schemas.Topics;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** GET /books/{id}[.md|.epub][?revision=N] on the read model's own stores; no broker. */
class BookResourceTest {
  @RegisterExtension
  final ReadModelDriver readModel = ReadModelDriver.perTest(() -> new BookViewService(view -> {}));

  @RegisterExtension
  final LoopbackServer server =
      LoopbackServer.serving(
          c ->
              c.routes.get(
                  "/books/{id}", ctx -> BookResource.get(ctx, readModel.views(), this::cover)));

  private BookCover cover(String bookId) {
    byte[] jpeg =
        readModel
            .driver()
            .<String, byte[]>getKeyValueStore(BookViewService.COVERS_STORE)
            .get(bookId);
    return jpeg == null ? null : new BookCover("image/jpeg", jpeg);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return server.send(server.app(), "GET", path, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  /** Book b, four chapters in arcs of two, completed, then being revised from chapter 3. */
  private void revisedBook() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b", TestEvents.submitted("b", 4, 2));
    readModel.publish(Topics.ANALYSIS_READY, "b", TestEvents.analyzed("b", 4, 2));
    readModel.publish(Topics.BOOKS_COMPLETED, "b", TestEvents.completed("b", 4, 2, 1, 1));
    readModel.publish(Topics.BOOKS_REVISIONS, "b", TestEvents.revision("b", 2, 3, "a friend"));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b", TestEvents.chapter("b", 3, 4, 2));
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
    readModel.publish(Topics.IMAGES_SUBMITTED, "b", submitted);
    readModel.publish(Topics.ANALYSIS_READY, "b", TestEvents.analyzed("b", 4, 2));
    readModel.publish(Topics.BOOKS_COMPLETED, "b", TestEvents.completed("b", 4, 2, 1, 1));

    HttpResponse<byte[]> served =
        server.send(server.app(), "GET", "/books/b.epub", HttpResponse.BodyHandlers.ofByteArray());
    BookView view = readModel.view("b");
    BookCover cover = new BookCover("image/png", png);
    Path written = GenerateCommand.write(view, dir.resolve("book.epub"), true, cover);

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/epub+zip");
    assertThat(served.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"the-cat.epub\"");
    assertThat(EpubContents.passing(served.body()).entries).containsKey("EPUB/images/cover.jpg");
    byte[] cli = Files.readAllBytes(written);
    assertThat(EpubContents.passing(cli).entries).containsKey("EPUB/images/cover.png");
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
