package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API on a real embedded broker, with the line's events written by the test as the
 * services would write them: what the API shows comes only from the topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");

  @TempDir static Path dataDir;

  private FablestreamApp app;
  private HttpClient http;
  private String base;

  @BeforeAll
  void start() throws Exception {
    app =
        FablestreamApp.start(
            LineTestConfig.config(dataDir),
            new FablestreamApp.Options(true, true, false, List.of()),
            System.out);
    http = HttpClient.newHttpClient();
    base = "http://127.0.0.1:" + app.apiPort();
  }

  @AfterAll
  void stop() {
    app.close();
  }

  @Test
  void uploadedPictureCanBePolledFollowedAsEventsAndFetchedAsMarkdown() throws Exception {
    HttpResponse<String> accepted = post("/books", Map.of("chapters", "2", "arcLength", "2"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String bookId = json(accepted.body()).path("bookId").asText();
    assertThat(accepted.headers().firstValue("Location")).contains("/books/" + bookId);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/books/" + bookId).statusCode() == 200);
    assertThat(json(get("/books/" + bookId).body()).path("waitingFor").asText())
        .isEqualTo("the analyzer: the vision model reading the picture");

    assertThat(json(accepted.body()).path("epub").asText()).isEqualTo("/books/" + bookId + ".epub");

    List<String> sseEvents = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> reading =
        readmeEvents(
            bookId,
            line -> {
              if (line.startsWith("event:")) {
                sseEvents.add(line.substring(6).strip());
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> sseEvents.contains("image.submitted"));

    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
    publish(Topics.CHAPTERS_WRITTEN, bookId, TestEvents.chapter(bookId, 1, 2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(get("/books/" + bookId).body()).path("chapters").size() == 1);
    publish(Topics.CHAPTERS_INDEXED, bookId, TestEvents.indexed(bookId, 1));
    publish(Topics.CHAPTERS_WRITTEN, bookId, TestEvents.chapter(bookId, 2, 2));
    publish(Topics.CHAPTERS_INDEXED, bookId, TestEvents.indexed(bookId, 2));
    publish(Topics.ARCS_SUMMARIZED, bookId, TestEvents.arc(bookId, 1, 2));
    publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2));

    awaitCompleted(bookId);
    reading.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(sseEvents)
        .startsWith("image.submitted")
        .contains("analysis.ready", "chapter.written", "arc.summarized")
        .endsWith("book.completed");
    HttpResponse<String> markdown = get("/books/" + bookId + ".md");
    assertThat(markdown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
    assertThat(markdown.body())
        .contains("# The Cat\n")
        .contains("## Chapter 1: Chapter title 1", "## Chapter 2: Chapter title 2")
        .contains("> **The story so far (chapters 1-2).** Arc 1-2.");
  }

  @Test
  void generateWaitsForTheBookAndReturnsIt() throws Exception {
    String title = "generate-" + UUID.randomUUID();
    CompletableFuture<HttpResponse<String>> response =
        http.sendAsync(
            multipart("/generate", Map.of("chapters", "2", "arcLength", "2", "title", title)),
            HttpResponse.BodyHandlers.ofString());
    String bookId = submittedBookIdWithTitle(title);

    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
    publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2));

    HttpResponse<String> book = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(book.statusCode()).isEqualTo(200);
    JsonNode body = json(book.body());
    assertThat(body.path("bookId").asText()).isEqualTo(bookId);
    assertThat(body.path("stage").asText()).isEqualTo("COMPLETED");
    assertThat(body.path("chapters").size()).isEqualTo(2);
    assertThat(body.path("summaries").get(0).path("summary").asText()).isEqualTo("Arc 1-2.");
    assertThat(body.path("markdown").asText()).isEqualTo("/books/" + bookId + ".md");
    assertThat(body.path("epub").asText()).isEqualTo("/books/" + bookId + ".epub");
    assertThat(get(body.path("epub").asText()).headers().firstValue("Content-Type"))
        .contains("application/epub+zip");
  }

  /**
   * The README's own command, {@code curl -N http://localhost:8000/books/$ID/events}, as written:
   * no Accept header of its own (curl sends {@code *}{@code /*}). Without curl, the JDK's client
   * sends the same request with no Accept header at all. Each line of the stream goes to {@code
   * lines} as it comes; the future completes when the stream ends.
   */
  private CompletableFuture<Void> readmeEvents(String bookId, Consumer<String> lines)
      throws IOException {
    String url = "http://localhost:" + app.apiPort() + "/books/" + bookId + "/events";
    Optional<Path> curl =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "curl"))
            .filter(Files::isExecutable)
            .findFirst();
    if (curl.isEmpty()) {
      return http.sendAsync(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofLines())
          .thenAccept(response -> response.body().forEach(lines));
    }
    Process process =
        new ProcessBuilder(curl.get().toString(), "-N", url)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return CompletableFuture.runAsync(
        () ->
            new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .lines()
                .forEach(lines));
  }

  @Test
  void generateOfABookThatFailsAnswersWithTheReason() throws Exception {
    String title = "failing-" + UUID.randomUUID();
    CompletableFuture<HttpResponse<String>> response =
        http.sendAsync(
            multipart("/generate", Map.of("title", title)), HttpResponse.BodyHandlers.ofString());
    String bookId = submittedBookIdWithTitle(title);

    publish(Topics.BOOKS_FAILED, bookId, TestEvents.failed(bookId, "IMAGE_UNREADABLE"));

    HttpResponse<String> failed = response.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failed.statusCode()).isEqualTo(422);
    assertThat(json(failed.body()).path("code").asText()).isEqualTo("IMAGE_UNREADABLE");
    assertThat(json(failed.body()).path("error").asText()).isEqualTo("The image cannot be read.");
  }

  @Test
  void badRequestsGetJsonErrorsWithTheirStatus() throws Exception {
    assertThat(get("/books/no-such-book").statusCode()).isEqualTo(404);
    assertThat(json(get("/books/no-such-book").body()).path("code").asText())
        .isEqualTo("BOOK_NOT_FOUND");

    HttpResponse<String> notAnImage =
        http.send(
            multipartOf("/books", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), Map.of()),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notAnImage.statusCode()).isEqualTo(400);
    assertThat(json(notAnImage.body()).path("code").asText()).isEqualTo("NOT_AN_IMAGE");

    HttpResponse<String> empty =
        http.send(
            multipartOf("/books", "empty.png", new byte[0], Map.of()),
            HttpResponse.BodyHandlers.ofString());
    assertThat(empty.statusCode()).isEqualTo(400);

    HttpResponse<String> badChapters = post("/books", Map.of("chapters", "0"));
    assertThat(badChapters.statusCode()).isEqualTo(400);
    assertThat(json(badChapters.body()).path("code").asText()).isEqualTo("INVALID_REQUEST");

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("kafka_stream", "jvm_memory_used_bytes");
  }

  @Test
  void theRequestedLanguageReachesTheSubmittedImageAndEnglishIsTheDefault() throws Exception {
    String japanese = "ja-" + UUID.randomUUID();
    String english = "en-" + UUID.randomUUID();

    HttpResponse<String> accepted = post("/books", Map.of("title", japanese, "language", "ja"));
    post("/books", Map.of("title", english));

    assertThat(accepted.statusCode()).isEqualTo(202);
    ImageSubmitted submitted = submittedWithTitle(japanese);
    assertThat(submitted.getBookId()).isEqualTo(json(accepted.body()).path("bookId").asText());
    assertThat(submitted.getLanguage()).isEqualTo("ja");
    assertThat(submittedWithTitle(english).getLanguage()).isEqualTo("en");
  }

  @Test
  void revisionIsRefusedWhileTheBookIsOpenThenAcceptedOnceCompletedAndPublished() throws Exception {
    String bookId = submittedBookId(Map.of("chapters", "2", "arcLength", "2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/books/" + bookId).statusCode() == 200);
    String instruction =
        "{\"fromChapter\": 2, \"instruction\": \"Let it rain.\", \"requestedBy\": \"ana\"}";

    HttpResponse<String> whileWriting = revise(bookId, instruction);
    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
    publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2));
    awaitCompleted(bookId);
    HttpResponse<String> unknownBook = revise("no-such-book", instruction);
    HttpResponse<String> noSuchChapter =
        revise(bookId, "{\"fromChapter\": 3, \"text\": \"It rained.\"}");
    HttpResponse<String> accepted = revise(bookId, instruction);
    // A second click before the read model has seen the first: not published under the same number.
    HttpResponse<String> doubleClick = revise(bookId, instruction);

    assertThat(whileWriting.statusCode()).isEqualTo(409);
    assertThat(json(whileWriting.body()).path("code").asText()).isEqualTo("CONFLICT");
    assertThat(json(whileWriting.body()).path("error").asText()).contains("is still being written");
    assertThat(unknownBook.statusCode()).isEqualTo(404);
    assertThat(json(unknownBook.body()).path("code").asText()).isEqualTo("BOOK_NOT_FOUND");
    assertThat(noSuchChapter.statusCode()).isEqualTo(400);
    assertThat(json(noSuchChapter.body()).path("field").asText()).isEqualTo("fromChapter");
    assertThat(json(noSuchChapter.body()).path("error").asText()).contains("has chapters 1 to 2");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(json(accepted.body()).path("bookId").asText()).isEqualTo(bookId);
    assertThat(json(accepted.body()).path("revision").asInt()).isEqualTo(2);
    assertThat(doubleClick.statusCode()).as(doubleClick.body()).isEqualTo(409);
    assertThat(json(doubleClick.body()).path("code").asText()).isEqualTo("CONFLICT");
    BookRevisionRequested published = revisionRequestOf(bookId);
    assertThat(published.getRevision()).isEqualTo(2);
    assertThat(published.getFromChapter()).isEqualTo(2);
    assertThat(published.getInstruction()).isEqualTo("Let it rain.");
    assertThat(published.getText()).isNull();
    assertThat(published.getRequestedBy()).isEqualTo("ana");

    // Once the read model has the request, the book is being revised: a second one is refused.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(get("/books/" + bookId).body()).path("revision").asInt() == 2);
    HttpResponse<String> again = revise(bookId, instruction);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again.body()).path("error").asText()).contains("revision 2");
  }

  @Test
  void cliReviseAsksForTheRevisionFollowsItAndWritesTheRevisedBook() throws Exception {
    String bookId = submittedBookId(Map.of("chapters", "2", "arcLength", "2"));
    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
    publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2));
    Path out = dataDir.resolve("revised-" + bookId + ".md");
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {
                      "revise",
                      bookId,
                      "--from",
                      "2",
                      "--instruction",
                      "Let it rain.",
                      "--out",
                      out.toString(),
                      "--set=kafka.bootstrap.servers=" + app.kafka().bootstrapServers()
                    },
                    new CliContext(Map.of(), stdout, stdout)));
    BookRevisionRequested asked = revisionRequestOf(bookId);
    publish(Topics.CHAPTERS_WRITTEN, bookId, TestEvents.chapter(bookId, 2, 2, 2));
    publish(Topics.CHAPTERS_INDEXED, bookId, TestEvents.indexed(bookId, 2, 2));
    publish(Topics.ARCS_SUMMARIZED, bookId, TestEvents.arc(bookId, 1, 2, 2));
    publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2, 2, 2));

    assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS))
        .as(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo(ExitCodes.OK);
    assertThat(asked.getRevision()).isEqualTo(2);
    assertThat(asked.getFromChapter()).isEqualTo(2);
    assertThat(asked.getInstruction()).isEqualTo("Let it rain.");
    assertThat(asked.getRequestedBy()).isEqualTo("cli");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("revision 2 asked for, from chapter 2 of 2")
        .contains("Wrote \"The Cat\" (revision 2) to " + out.toAbsolutePath());
    assertThat(Files.readString(out))
        .contains("# The Cat\n", "*Revision 2*", "## Chapter 2: Chapter title 2 (revision 2)");
  }

  @Test
  void listOfBooksIsNewestFirstWithStageAndRevisionAndKeepsToItsLimit() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submittedBookId(Map.of("title", "listed-" + i)));
    }
    publish(Topics.ANALYSIS_READY, ids.get(0), TestEvents.analyzed(ids.get(0), 5, 5));
    publish(Topics.BOOKS_COMPLETED, ids.get(0), TestEvents.completed(ids.get(0), 5, 5));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode books = json(get("/books?limit=500").body()).path("books");
              return ids.stream().allMatch(id -> listed(books, id) != null)
                  && listed(books, ids.get(0)).path("stage").asText().equals("COMPLETED");
            });

    JsonNode books = json(get("/books?limit=500").body()).path("books");
    for (int i = 1; i < books.size(); i++) {
      assertThat(books.get(i).path("submittedAt").asLong())
          .isLessThanOrEqualTo(books.get(i - 1).path("submittedAt").asLong());
    }
    JsonNode first = listed(books, ids.get(0));
    assertThat(first.path("title").asText()).isEqualTo("The Cat");
    assertThat(first.path("revision").asInt()).isEqualTo(1);
    assertThat(first.path("chapterCount").asInt()).isEqualTo(5);
    JsonNode last = listed(books, ids.get(2));
    assertThat(last.path("stage").asText()).isEqualTo("SUBMITTED");
    assertThat(last.path("title").asText()).isEqualTo("listed-2");
    assertThat(last.path("submittedAt").asLong())
        .isGreaterThanOrEqualTo(listed(books, ids.get(1)).path("submittedAt").asLong());
    JsonNode two = json(get("/books?limit=2").body()).path("books");
    assertThat(two).hasSize(2);
    assertThat(two.get(0).path("bookId").asText()).isEqualTo(books.get(0).path("bookId").asText());
    assertThat(two.get(1).path("bookId").asText()).isEqualTo(books.get(1).path("bookId").asText());
    assertThat(json(get("/books").body()).path("books").size())
        .isEqualTo(Math.min(50, books.size()));
  }

  private static JsonNode listed(JsonNode books, String bookId) {
    for (JsonNode book : books) {
      if (book.path("bookId").asText().equals(bookId)) {
        return book;
      }
    }
    return null;
  }

  @Test
  void aPlanIsApprovedOnlyWhileTheBookWaitsForItElse409() throws Exception {
    HttpResponse<String> accepted =
        post("/books", Map.of("chapters", "2", "arcLength", "2", "reviewPlan", "true"));
    String bookId = json(accepted.body()).path("bookId").asText();
    String edited =
        "{\"title\": \"The Shelf\", \"cast\": [{\"name\": \"Chelsea\", \"line\": \"a"
            + " tabby\"}], \"mainConflict\": \"the fish\", \"beats\": [{\"chapter\": 1,"
            + " \"beat\": \"Chelsea studies the shelf from the window\", \"ending\": \"a"
            + " thud\"}, {\"chapter\": 2, \"beat\": \"She climbs\", \"ending\": \"fish\"}]}";
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/books/" + bookId).statusCode() == 200);
    assertThat(approve(bookId, edited).statusCode())
        .as("no plan yet: the book is not waiting for one")
        .isEqualTo(409);

    publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
    publish(
        Topics.BOOKS_PLANNED,
        bookId,
        io.fablestream.chapter.BookPlan.read(edited.replace("studies", "eyes"), 2)
            .event(bookId, 1, "The Shelf", false, "llama3.1:8b", 0));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> json(get("/books/" + bookId).body()).path("plan").path("revision").asInt() == 1);

    HttpResponse<String> approved = approve(bookId, edited);
    assertThat(approved.statusCode()).isEqualTo(202);
    assertThat(json(approved.body()).path("planRevision").asInt()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> json(get("/books/" + bookId).body()).path("plan").path("approved").asBoolean());
    assertThat(
            json(get("/books/" + bookId).body())
                .path("plan")
                .path("beats")
                .get(0)
                .path("beat")
                .asText())
        .isEqualTo("Chelsea studies the shelf from the window");

    HttpResponse<String> again = approve(bookId, edited);
    assertThat(again.statusCode()).as("approved already: no longer waiting").isEqualTo(409);
    assertThat(json(again.body()).path("code").asText()).isEqualTo("CONFLICT");
    assertThat(json(again.body()).path("error").asText())
        .startsWith("The book is not waiting for its plan to be approved");
  }

  private HttpResponse<String> approve(String bookId, String plan) throws Exception {
    return postJson("/books/" + bookId + "/plan", plan);
  }

  private HttpResponse<String> revise(String bookId, String body) throws Exception {
    return postJson("/books/" + bookId + "/revisions", body);
  }

  private HttpResponse<String> postJson(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private BookRevisionRequested revisionRequestOf(String bookId) {
    List<BookRevisionRequested> found =
        recordsOn(Topics.BOOKS_REVISIONS, r -> bookId.equals(r.getBookId()));
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private String submittedBookIdWithTitle(String title) {
    return submittedWithTitle(title).getBookId();
  }

  private ImageSubmitted submittedWithTitle(String title) {
    return recordsOn(Topics.IMAGES_SUBMITTED, r -> title.equals(r.getTitle())).get(0);
  }

  /**
   * The records on a topic, from its start, that the test is after: polled until one is there, with
   * every other one that came in the same polls.
   */
  private <V extends SpecificRecord> List<V> recordsOn(Topic<V> topic, Predicate<V> wanted) {
    Properties props = TopicPolls.fromTheStart(app.kafka().bootstrapServers(), "test");
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      return TopicPolls.valuesUntil(
          consumer,
          "a wanted record on " + topic.name(),
          Duration.ofSeconds(30),
          r -> wanted.test(r.value()),
          found -> !found.isEmpty());
    }
  }

  /** Waits until the API shows the book completed. */
  private void awaitCompleted(String bookId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> json(get("/books/" + bookId).body()).path("stage").asText().equals("COMPLETED"));
  }

  private <V extends SpecificRecord> void publish(Topic<V> topic, String bookId, V value)
      throws Exception {
    TestProducer.sendOnce(app.kafka().bootstrapServers(), topic, bookId, value);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST /books with these fields: the id of the book it accepted. */
  private String submittedBookId(Map<String, String> fields) throws Exception {
    return json(post("/books", fields).body()).path("bookId").asText();
  }

  private HttpResponse<String> post(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    return http.send(multipart(path, fields), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest multipart(String path, Map<String, String> fields) throws IOException {
    return multipartOf(path, "chelsea.png", Files.readAllBytes(CHELSEA), fields);
  }

  private HttpRequest multipartOf(
      String path, String fileName, byte[] image, Map<String, String> fields) throws IOException {
    return Multipart.post(URI.create(base + path), fileName, image, fields);
  }

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }
}
