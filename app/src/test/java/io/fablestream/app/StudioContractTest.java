package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fablestream.app.http.HttpApi;
import io.fablestream.app.http.ListedBooks;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookQuality;
import io.fablestream.events.BookRubric;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.PlannedBeat;
import io.fablestream.events.PlannedCharacter;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.fablestream.schemas.quality.QualityReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the studio's types (web/src/types.ts) to the JSON the API really sends. Real responses are
 * made here: book views folded by the read model's own topology from events as the services write
 * them (a book held for its plan's review, one being written, a completed book revised once with
 * its quality report, a failed one), the list of books, and error bodies the running HTTP API
 * answers. They are written as TypeScript, each object marked {@code satisfies} its type, into
 * web/src/contract/responses.ts, which the studio's build type-checks ({@code tsc}): a field the
 * server sends that the types lack, a field the types require that the server leaves out (a null is
 * left out), or a wrong type fails that build.
 *
 * <p>This test fails when the committed file's responses do not have the shape of what the API
 * answers now (their fields and the JSON type of each; the values may differ). Rewrite it with
 * {@code -Dcontract.write=true}, then make {@code cd web && npm run build} pass.
 */
class StudioContractTest {
  private static final Path WEB = Path.of("..", "web");
  private static final Path RESPONSES = WEB.resolve("src/contract/responses.ts");
  private static final Instant AT = TestEvents.SUBMITTED_AT;

  @TempDir Path stateDir;

  @Test
  void theStudiosResponseFixturesHaveTheShapeOfWhatTheApiAnswers() throws Exception {
    assumeTrue(Files.isDirectory(WEB.resolve("src")), "no web/ beside app/");
    Map<String, Response> responses = new LinkedHashMap<>();
    List<BookView> views = views();
    String[] names = {"planWaitingForReview", "writing", "revisedAndCompleted", "failed"};
    for (int i = 0; i < names.length; i++) {
      responses.put(names[i], new Response("BookView", Json.write(views.get(i))));
    }
    responses.put("bookList", new Response("BookList", Json.write(ListedBooks.body(views))));
    responses.putAll(errors());

    if (Boolean.getBoolean("contract.write")) {
      Files.createDirectories(RESPONSES.getParent());
      Files.writeString(RESPONSES, typescript(responses), StandardCharsets.UTF_8);
    }
    Map<String, String> committed =
        shapes(committed(Files.exists(RESPONSES) ? Files.readString(RESPONSES) : ""));
    assertThat(committed)
        .as(
            "web/src/contract/responses.ts must have the shape of what the API answers now: rerun"
                + " this test with -Dcontract.write=true, then make `cd web && npm run build` pass")
        .isEqualTo(shapes(responses));
  }

  /** The responses of the committed file, by name, with their types. */
  private static Map<String, Response> committed(String typescript) {
    Map<String, Response> responses = new LinkedHashMap<>();
    Matcher m = EXPORTED.matcher(typescript);
    while (m.find()) {
      responses.put(m.group(1), new Response(m.group(3), m.group(2)));
    }
    return responses;
  }

  private static final Pattern EXPORTED =
      Pattern.compile("(?s)export const (\\w+) = (\\{.*?\\}) satisfies (\\w+);");

  /**
   * Each response's type and the shape of its JSON: its fields and the JSON type of each value, not
   * the values, which change with what the line writes (a waitingFor's words, a figure) while the
   * contract holds.
   */
  private static Map<String, String> shapes(Map<String, Response> responses) throws Exception {
    Map<String, String> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, Response> entry : responses.entrySet()) {
      shapes.put(
          entry.getKey(),
          entry.getValue().type()
              + " "
              + shape(Json.mapper().readTree(entry.getValue().json())).toPrettyString());
    }
    return shapes;
  }

  private static JsonNode shape(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = Json.mapper().createObjectNode();
      TreeSet<String> names = new TreeSet<>();
      node.fieldNames().forEachRemaining(names::add);
      names.forEach(name -> object.set(name, shape(node.get(name))));
      return object;
    }
    if (node.isArray()) {
      // The distinct shapes of its elements, in a stable order.
      TreeMap<String, JsonNode> elements = new TreeMap<>();
      node.forEach(e -> elements.putIfAbsent(shape(e).toString(), shape(e)));
      ArrayNode array = Json.mapper().createArrayNode();
      elements.values().forEach(array::add);
      return array;
    }
    return TextNode.valueOf(node.getNodeType().name());
  }

  private record Response(String type, String json) {}

  /** Four books' views, as the read model holds them after their events. */
  private List<BookView> views() {
    try (TopologyTestDriver driver =
        ReadModelDriver.start(new BookViewService(view -> {}), stateDir, AT)) {
      Feed feed = new Feed(driver);

      ImageSubmitted held = TestEvents.submitted("b-plan", 3, 3);
      held.setReviewPlan(true);
      held.setTitle(null);
      feed.publish(Topics.IMAGES_SUBMITTED, "b-plan", held, 0);
      var analyzed = TestEvents.analyzed("b-plan", 3, 3);
      analyzed.setReviewPlan(true);
      feed.publish(Topics.ANALYSIS_READY, "b-plan", analyzed, 10);
      feed.publish(Topics.BOOKS_PLANNED, "b-plan", plan("b-plan"), 20);

      feed.publish(
          Topics.IMAGES_SUBMITTED, "b-writing", TestEvents.submitted("b-writing", 4, 2), 0);
      feed.publish(Topics.ANALYSIS_READY, "b-writing", TestEvents.analyzed("b-writing", 4, 2), 10);
      feed.publish(Topics.CHAPTERS_WRITTEN, "b-writing", judged("b-writing", 1, 4), 30);

      ImageSubmitted asked = TestEvents.submitted("b-done", 2, 2);
      asked.setRequestedBy("ada");
      feed.publish(Topics.IMAGES_SUBMITTED, "b-done", asked, 0);
      var read = TestEvents.analyzed("b-done", 2, 2);
      read.setRequestedBy("ada");
      feed.publish(Topics.ANALYSIS_READY, "b-done", read, 10);
      feed.publish(Topics.CHAPTERS_WRITTEN, "b-done", judged("b-done", 1, 2), 30);
      feed.publish(Topics.CHAPTERS_WRITTEN, "b-done", judged("b-done", 2, 2), 40);
      BookCompleted first = TestEvents.completed("b-done", 2, 2);
      first.setCompletedAt(AT.plusSeconds(60));
      feed.publish(Topics.BOOKS_COMPLETED, "b-done", first, 60);
      feed.publish(
          Topics.BOOKS_REVISIONS,
          "b-done",
          TestEvents.revision("b-done", 2, 2, "make the cat kinder"),
          3600 * 2);
      ChapterWritten rewritten = judged("b-done", 2, 2);
      rewritten.setRevision(2);
      feed.publish(Topics.CHAPTERS_WRITTEN, "b-done", rewritten, 3600 * 2 + 30);
      BookCompleted second = TestEvents.completed("b-done", 2, 2, 2, 2);
      second.setSynopsis("A cat wants a fish and learns to ask for it.");
      BookQuality quality =
          QualityReport.of(
              List.of(
                  new QualityReport.Chapter(1, "Text of chapter 1. Not this, but that.", 8, 0.9, 1),
                  new QualityReport.Chapter(2, "Text of chapter 2.", 4, 0.7, null)),
              6,
              "en");
      quality.setRubric(new BookRubric("The cat is the same cat throughout.", 7, 8, 6, 7, 8, "j"));
      second.setQuality(quality);
      second.setBible(TestEvents.bible());
      // An album's book, illustrated: chapter 1 drawn, chapter 2 from picture 2 and not drawn.
      Illustrated.illustrate(second, new int[] {1, 2}, 2);
      feed.publish(Topics.BOOKS_COMPLETED, "b-done", second, 3600 * 2 + 600);

      feed.publish(Topics.IMAGES_SUBMITTED, "b-failed", TestEvents.submitted("b-failed", 2, 2), 0);
      feed.publish(Topics.ANALYSIS_READY, "b-failed", TestEvents.analyzed("b-failed", 2, 2), 10);
      BookFailed failed =
          TestEvents.failed(
              "b-failed", 1, "WRITE", "MODEL_UNAVAILABLE", "The text model did not answer.");
      failed.setChapterNumber(1);
      feed.publish(Topics.BOOKS_FAILED, "b-failed", failed, 3600);

      KeyValueStore<String, BookView> store = driver.getKeyValueStore(BookViewService.STORE);
      return List.of(
          store.get("b-plan"), store.get("b-writing"), store.get("b-done"), store.get("b-failed"));
    }
  }

  /** Publishes events stamped a number of seconds after the request. */
  private record Feed(TopologyTestDriver driver) {
    <V extends SpecificRecord> void publish(Topic<V> topic, String bookId, V value, long seconds) {
      ReadModelDriver.publish(driver, topic, bookId, value, AT.plusSeconds(seconds));
    }
  }

  /** A chapter the judge passed with notes, and the conflict it advanced by number. */
  private static ChapterWritten judged(String bookId, int n, int of) {
    ChapterWritten chapter = TestEvents.chapter(bookId, n, of);
    chapter.setAttempts(2);
    chapter.setValidation(
        ChapterValidation.newBuilder()
            .setMoodScore(0.85)
            .setConflictCount(1)
            .setPassed(true)
            .setNotes(List.of("the first draft was too short", "the cat is named at last"))
            .setAdvancedConflicts(List.of("1"))
            .build());
    return chapter;
  }

  /** The model's plan of a book held for review: not approved yet. */
  private static BookPlanned plan(String bookId) {
    return BookPlanned.newBuilder()
        .setBookId(bookId)
        .setRevision(1)
        .setApproved(false)
        .setTitle("The Shelf")
        .setCast(List.of(new PlannedCharacter("Chelsea", "a tabby cat who wants the fish")))
        .setMainConflict("the fish on the high shelf")
        .setBeats(
            List.of(
                new PlannedBeat(1, "Chelsea sees the fish", "it is too high", 1),
                new PlannedBeat(2, "She climbs the yarn basket", "the basket tips", 1),
                new PlannedBeat(3, "The cook lifts her up", "", 1)))
        .setModel("llama3.1:8b")
        .setPlannedAt(AT.plusSeconds(20))
        .build();
  }

  /** Error bodies as the HTTP API answers them (no read model behind it: it is not ready). */
  private static Map<String, Response> errors() throws Exception {
    Map<String, Response> errors = new LinkedHashMap<>();
    try (BookEvents events = new BookEvents();
        HttpApi api =
            ApiWithoutLine.start(
                new ApiSettings(Duration.ofSeconds(1), 1024, "", true, 0), events)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + api.port();
      errors.put(
          "invalidField",
          errorBody(
              http, HttpRequest.newBuilder(URI.create(base + "/books?limit=0")).build(), 400));
      errors.put(
          "invalidPlan",
          errorBody(
              http,
              HttpRequest.newBuilder(URI.create(base + "/books/b-plan/plan"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"beats\": []}"))
                  .build(),
              400));
      errors.put(
          "notReady",
          errorBody(http, HttpRequest.newBuilder(URI.create(base + "/books/b-plan")).build(), 503));
    }
    return errors;
  }

  /** The API's error body for this request, which it must answer with this status. */
  private static Response errorBody(HttpClient http, HttpRequest request, int status)
      throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(status);
    return new Response("ApiErrorBody", response.body());
  }

  /** The responses as a TypeScript module, each checked against its type by the compiler. */
  private static String typescript(Map<String, Response> responses) throws Exception {
    StringBuilder ts = new StringBuilder();
    ts.append("// Real responses of the API, written by app's StudioContractTest: do not edit.\n")
        .append("// `satisfies` makes tsc (npm run build) hold types.ts to them; when the API\n")
        .append("// changes, rerun that test with -Dcontract.write=true and fix types.ts.\n")
        .append("import type { ")
        .append(
            String.join(
                ", ", responses.values().stream().map(Response::type).distinct().sorted().toList()))
        .append(" } from \"../types\";\n");
    // Keys sorted, so the file changes with what the API sends, not with the order of its fields.
    var pretty =
        Json.mapper()
            .copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    for (Map.Entry<String, Response> entry : responses.entrySet()) {
      Object tree = Json.mapper().readValue(entry.getValue().json(), Object.class);
      ts.append("\nexport const ")
          .append(entry.getKey())
          .append(" = ")
          .append(pretty.writeValueAsString(tree).replace("\r\n", "\n"))
          .append(" satisfies ")
          .append(entry.getValue().type())
          .append(";\n");
    }
    return ts.toString();
  }
}
