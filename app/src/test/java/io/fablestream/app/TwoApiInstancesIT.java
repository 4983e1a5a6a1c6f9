package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.config.Config;
import io.fablestream.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API instances on one broker, behind no balancer, sharing the read model's partitions: each
 * answers every book, forwarding to the other what it does not hold, with the caller's token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoApiInstancesIT {
  private static final String TOKEN = "two-instances-token";
  private static final int BOOKS = 8;

  @TempDir static Path first;
  @TempDir static Path second;

  private final List<FablestreamApp> apps = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    Map<String, String> one = LineTestConfig.values(first);
    one.put("api.token", TOKEN);
    apps.add(
        FablestreamApp.start(
            Config.of(one), new FablestreamApp.Options(true, true, false, List.of()), System.out));
    Map<String, String> two = LineTestConfig.values(second);
    two.put("api.token", TOKEN);
    two.put("kafka.bootstrap.servers", apps.get(0).kafka().bootstrapServers());
    apps.add(FablestreamApp.start(Config.of(two), FablestreamApp.Options.apiOnly(), System.out));
  }

  @AfterAll
  void stop() {
    for (FablestreamApp app : apps.reversed()) {
      app.close();
    }
  }

  @Test
  void eachInstanceAnswersEveryBook() throws Exception {
    List<String> books = new ArrayList<>();
    for (int i = 0; i < BOOKS; i++) {
      String bookId = "two-" + UUID.randomUUID();
      books.add(bookId);
      publish(Topics.IMAGES_SUBMITTED, bookId, TestEvents.submitted(bookId, 2, 2));
    }
    // Once the two have shared the partitions, each holds some books and forwards the others.
    await()
        .atMost(Duration.ofSeconds(40))
        .ignoreExceptions()
        .until(() -> held(0, books).size() + held(1, books).size() == BOOKS);
    assertThat(held(0, books)).isNotEmpty();
    assertThat(held(1, books)).isNotEmpty();

    for (int app = 0; app < 2; app++) {
      int on = app;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (String bookId : books) {
                  HttpResponse<String> view = get(on, "/books/" + bookId);
                  assertThat(view.statusCode()).as(bookId + " on instance " + on).isEqualTo(200);
                  assertThat(json(view.body()).path("bookId").asText()).isEqualTo(bookId);
                }
              });
      JsonNode listed = json(get(on, "/books?limit=500").body()).path("books");
      Set<String> ids = new HashSet<>();
      listed.forEach(book -> ids.add(book.path("bookId").asText()));
      assertThat(ids).containsAll(books);
    }

    // A book the first instance does not hold, followed and fetched through it.
    String elsewhere = held(1, books).getFirst();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    var reading =
        http.sendAsync(
                request(0, "/books/" + elsewhere + "/events").build(),
                HttpResponse.BodyHandlers.ofLines())
            .thenAccept(
                response ->
                    response
                        .body()
                        .filter(line -> line.startsWith("event:"))
                        .forEach(line -> events.add(line.substring(6).strip())));
    await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("image.submitted"));
    publish(Topics.ANALYSIS_READY, elsewhere, TestEvents.analyzed(elsewhere, 2, 2));
    publish(Topics.BOOKS_COMPLETED, elsewhere, TestEvents.completed(elsewhere, 2, 2));
    reading.get(30, TimeUnit.SECONDS);
    assertThat(events).startsWith("image.submitted").endsWith("book.completed");

    HttpResponse<String> markdown = get(0, "/books/" + elsewhere + ".md");
    assertThat(markdown.statusCode()).isEqualTo(200);
    assertThat(markdown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/markdown"));
    assertThat(markdown.body()).contains("## Chapter 1: Chapter title 1");
    HttpResponse<byte[]> epub =
        http.send(
            request(0, "/books/" + elsewhere + ".epub").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(epub.headers().firstValue("Content-Type")).contains("application/epub+zip");

    HttpResponse<String> revision =
        http.send(
            request(0, "/books/" + elsewhere + "/revisions")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"fromChapter\": 2, \"instruction\": \"Let it rain.\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revision.statusCode()).as(revision.body()).isEqualTo(202);
    assertThat(json(revision.body()).path("revision").asInt()).isEqualTo(2);

    // Without the caller's token, the owner would refuse the forwarded request: not so here, and
    // a caller without it is refused as on one instance.
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(base(0) + "/books/" + elsewhere)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void generateWaitsOnOneInstanceForBooksEitherHolds() throws Exception {
    // Eight books, about half of which the second instance holds: all eight answered in full.
    String run = "generate-" + UUID.randomUUID();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < BOOKS; i++) {
      HttpRequest form =
          Multipart.post(
              URI.create(base(0) + "/generate"),
              "chelsea.png",
              java.nio.file.Files.readAllBytes(Path.of("../docs/samples/chelsea.png")),
              Map.of("chapters", "2", "arcLength", "2", "title", run + "-" + i));
      answers.add(
          http.sendAsync(
              HttpRequest.newBuilder(form, (name, value) -> true)
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<String> books = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              books.clear();
              json(get(0, "/books?limit=500").body())
                  .path("books")
                  .forEach(
                      book -> {
                        if (book.path("title").asText().startsWith(run)) {
                          books.add(book.path("bookId").asText());
                        }
                      });
              return books.size() == BOOKS;
            });
    for (String bookId : books) {
      publish(Topics.ANALYSIS_READY, bookId, TestEvents.analyzed(bookId, 2, 2));
      publish(Topics.BOOKS_COMPLETED, bookId, TestEvents.completed(bookId, 2, 2));
    }
    for (var answer : answers) {
      HttpResponse<String> book = answer.get(60, TimeUnit.SECONDS);
      assertThat(book.statusCode()).as(book.body()).isEqualTo(200);
      assertThat(json(book.body()).path("stage").asText()).isEqualTo("COMPLETED");
      assertThat(books).contains(json(book.body()).path("bookId").asText());
    }
  }

  /** The books whose view lives in the app's own partitions, as its Kafka Streams says. */
  private List<String> held(int app, List<String> books) {
    KafkaStreams streams = apps.get(app).runners().getLast().streams();
    List<String> held = new ArrayList<>();
    for (String bookId : books) {
      var metadata =
          streams.queryMetadataForKey(BookViewService.STORE, bookId, Serdes.String().serializer());
      if (metadata != null
          && metadata.activeHost().port() == apps.get(app).apiPort()
          && BookViewService.query(streams, bookId) != null) {
        held.add(bookId);
      }
    }
    return held;
  }

  private <V extends org.apache.avro.specific.SpecificRecord> void publish(
      io.fablestream.schemas.Topic<V> topic, String bookId, V value) throws Exception {
    TestProducer.sendOnce(apps.get(0).kafka().bootstrapServers(), topic, bookId, value);
  }

  private String base(int app) {
    return "http://127.0.0.1:" + apps.get(app).apiPort();
  }

  private HttpRequest.Builder request(int app, String path) {
    return HttpRequest.newBuilder(URI.create(base(app) + path))
        .header("Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<String> get(int app, String path) throws Exception {
    return http.send(request(app, path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }
}
