package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.ModelUsage;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalyzerTopologyTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant SUBMITTED = Instant.parse("2025-06-01T11:59:00Z");
  private static final String GOOD_ANSWER =
      """
      {"setting": "A sunlit kitchen in the morning",
       "characters": ["a tabby cat"],
       "mood": "curious",
       "objects": ["a window"],
       "potentialConflicts": ["the cat wants to go outside"]}""";
  private static final ImageAnalysis GOOD_ANALYSIS =
      ImageAnalysis.newBuilder()
          .setSetting("A sunlit kitchen in the morning")
          .setCharacters(List.of("a tabby cat"))
          .setMood("curious")
          .setObjects(List.of("a window"))
          .setPotentialConflicts(List.of("the cat wants to go outside"))
          .build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @AutoClose private AnalyzerDriver analyzer;

  private void start(ScriptedModelGateway gateway) {
    analyzer = AnalyzerDriver.start(gateway, NOW, registry);
  }

  @Test
  void itsStoresKeepTheNamesTheirChangelogTopicsAreNamedAfter() {
    start(ScriptedModelGateway.always(GOOD_ANSWER));

    assertThat(analyzer.driver.getAllStateStores().keySet())
        .containsExactlyInAnyOrder("analyzer-calls", "analyzer-albums");
  }

  @Test
  void goodImageGivesAnalysisReadyCarryingTheRequestsParameters() {
    ScriptedModelGateway gateway = ScriptedModelGateway.always(GOOD_ANSWER);
    start(gateway);

    submit("book-1", TestImages.sample("chelsea.png"));

    assertThat(analyzer.ready.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                "book-1",
                AnalysisReady.newBuilder()
                    .setBookId("book-1")
                    .setSubmittedAt(SUBMITTED)
                    .setTitle("The Cat")
                    .setChapterCount(7)
                    .setArcLength(3)
                    .setWordsPerChapter(400)
                    .setRequestedBy("ana")
                    .setAnalysis(GOOD_ANALYSIS)
                    .setModel("llava:7b")
                    .setUsage(new ModelUsage(10L, 20L, 100L, 1))
                    .build()));
    assertThat(analyzer.failed.isEmpty()).isTrue();
  }

  @Test
  void visionRequestCarriesTheModelTheImageAndTheSchema() {
    ScriptedModelGateway gateway = ScriptedModelGateway.always(GOOD_ANSWER);
    start(gateway);

    submit("book-1", TestImages.sample("chelsea.png"));

    ModelRequest sent = gateway.requests().getFirst();
    assertThat(sent.model()).isEqualTo("llava:7b");
    assertThat(sent.jsonSchema()).isEqualTo(AnalysisParser.SCHEMA);
    assertThat(sent.images()).hasSize(1);
    assertThat(sent.images().getFirst()).startsWith(0xff, 0xd8, 0xff);
    assertThat(sent.prompt()).contains("setting", "characters", "mood", "objects");
    assertThat(sent.prompt()).contains("potentialConflicts");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "both data and uri       | both  | 5   | 5 | 300  | image has both data and uri",
        "neither data nor uri    | none  | 5   | 5 | 300  | image has neither data nor uri",
        "no chapters             | data  | 0   | 5 | 300  | chapterCount is 0",
        "too many chapters       | data  | 101 | 5 | 300  | chapterCount is 101",
        "arc length zero         | data  | 5   | 0 | 300  | arcLength is 0",
        "too few words           | data  | 5   | 5 | 49   | wordsPerChapter is 49",
        "too many words          | data  | 5   | 5 | 5001 | wordsPerChapter is 5001",
        "more than the context   | data  | 5   | 5 | 5000 | words per chapter fit"
      })
  void invalidRequestGivesOneBookFailedAndTheNextRecordStillProcesses(
      String name, String image, int chapters, int arcLength, int words, String problem) {
    ScriptedModelGateway gateway = ScriptedModelGateway.always(GOOD_ANSWER);
    start(gateway);
    byte[] png = TestImages.sample("chelsea.png");
    ImageRef ref =
        switch (image) {
          case "both" -> new ImageRef("image/png", ByteBuffer.wrap(png), "file:///x.png");
          case "none" -> new ImageRef("image/png", null, null);
          default -> new ImageRef("image/png", ByteBuffer.wrap(png), null);
        };
    ImageSubmitted bad = request("bad", png);
    bad.setImage(ref);
    bad.setChapterCount(chapters);
    bad.setArcLength(arcLength);
    bad.setWordsPerChapter(words);

    analyzer.submit("bad", bad);
    submit("good", png);

    assertOneFailure("bad", "SUBMIT", "INVALID_REQUEST", problem);
    assertThat(readyKeys()).containsExactly("good");
    assertThat(gateway.requests()).hasSize(1);
  }

  @Test
  void unreadableImageGivesOneBookFailedWithoutAskingTheModel() {
    ScriptedModelGateway gateway = ScriptedModelGateway.always(GOOD_ANSWER);
    start(gateway);

    submit("cut", TestImages.sample("truncated.jpg"));
    submit("good", TestImages.sample("chelsea.png"));

    assertOneFailure("cut", "ANALYZE", "IMAGE_UNREADABLE", "JPEG image cannot be read");
    assertThat(readyKeys()).containsExactly("good");
    assertThat(gateway.requests()).hasSize(1);
  }

  @Test
  void bombGivesImageTooLarge() {
    start(ScriptedModelGateway.always(GOOD_ANSWER));

    submit("bomb", TestImages.pngHeaderClaiming(100_000, 100_000));

    assertOneFailure("bomb", "ANALYZE", "IMAGE_TOO_LARGE", "100000 x 100000");
  }

  /** A model that is missing or a server that cannot be reached fail the book with the cause. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "MODEL_NOT_FOUND, model 'llava:7b' not found, 1, ollama pull llava:7b",
    "UNAVAILABLE, connection refused, 4, after 4 attempts"
  })
  void aModelThatCannotAnswerGivesModelUnavailableWithTheCause(
      ModelException.Kind kind, String message, int attempts, String shown) {
    start(
        new ScriptedModelGateway(
            request -> {
              throw new ModelException(kind, message, attempts, null);
            }));

    submit("book-1", TestImages.sample("chelsea.png"));

    assertOneFailure("book-1", "ANALYZE", "MODEL_UNAVAILABLE", shown);
  }

  @Test
  void answerRepairedOnTheSecondAttemptGivesAnalysisReadyWithBothCallsCounted() {
    AtomicInteger calls = new AtomicInteger();
    ScriptedModelGateway gateway =
        new ScriptedModelGateway(
            request ->
                ScriptedModelGateway.answer(
                    request,
                    calls.getAndIncrement() == 0
                        ? "{\"setting\": \"a kitchen\", \"characters\": []}"
                        : GOOD_ANSWER));
    start(gateway);

    submit("book-1", TestImages.sample("chelsea.png"));

    AnalysisReady analysis = analyzer.ready.readValue();
    assertThat(analysis.getAnalysis()).isEqualTo(GOOD_ANALYSIS);
    assertThat(analysis.getUsage()).isEqualTo(new ModelUsage(20L, 40L, 200L, 2));
    String repair = gateway.requests().get(1).prompt();
    assertThat(repair)
        .contains("\"characters\" needs at least 1 non-empty entry")
        .contains("\"mood\" is missing")
        .contains("{\"setting\": \"a kitchen\", \"characters\": []}");
    assertThat(gateway.requests().get(1).images()).hasSize(1);
    assertThat(analyzer.failed.isEmpty()).isTrue();
  }

  @Test
  void answerStillWrongAfterTheRepairGivesInvalidModelOutputWithTheRawAnswerCutShort() {
    String rambling = "I think this picture shows " + "a very long story ".repeat(1000);
    ScriptedModelGateway gateway = ScriptedModelGateway.always(rambling);
    start(gateway);

    submit("book-1", TestImages.sample("chelsea.png"));
    submit("book-2", TestImages.sample("astronaut.png"));

    List<KeyValue<String, BookFailed>> failures = analyzer.failed.readKeyValuesToList();
    assertThat(failures).extracting(kv -> kv.key).containsExactly("book-1", "book-2");
    BookFailed first = failures.getFirst().value;
    assertThat(first.getReason()).isEqualTo("INVALID_MODEL_OUTPUT");
    assertThat(first.getStage()).isEqualTo("ANALYZE");
    assertThat(first.getMessage())
        .contains("after 2 attempts")
        .contains("not valid JSON")
        .contains("I think this picture shows a very long story");
    assertThat(first.getMessage().getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(VisionAnalyst.RAW_ANSWER_BYTES + 600);
    assertThat(gateway.requests()).hasSize(4);
    assertThat(analyzer.ready.isEmpty()).isTrue();
  }

  @Test
  void unexpectedExceptionBecomesInternalErrorAndTheLineGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    start(
        new ScriptedModelGateway(
            request -> {
              if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("a bug");
              }
              return ScriptedModelGateway.answer(request, GOOD_ANSWER);
            }));

    submit("book-1", TestImages.sample("chelsea.png"));
    submit("book-2", TestImages.sample("chelsea.png"));

    assertOneFailure("book-1", "ANALYZE", "INTERNAL_ERROR", "a bug");
    assertThat(readyKeys()).containsExactly("book-2");
  }

  @Test
  void recordKeyDifferentFromTheBookIdIsAnsweredUnderTheBookId() {
    start(ScriptedModelGateway.always(GOOD_ANSWER));

    submit("wrong-key", "book-1", TestImages.sample("chelsea.png"));

    assertThat(readyKeys()).containsExactly("book-1");
  }

  @Test
  void requestWithoutBookIdFailsUnderItsRecordKey() {
    start(ScriptedModelGateway.always(GOOD_ANSWER));

    submit("key-1", " ", TestImages.sample("chelsea.png"));

    assertOneFailure("key-1", "SUBMIT", "INVALID_REQUEST", "bookId is empty");
  }

  @Test
  void imagesAreCountedByOutcomeAndSized() {
    start(ScriptedModelGateway.always(GOOD_ANSWER));

    submit("good", TestImages.sample("chelsea.png"));
    submit("cut", TestImages.sample("truncated.jpg"));

    assertThat(count("ok")).isEqualTo(1.0);
    assertThat(count("IMAGE_UNREADABLE")).isEqualTo(1.0);
    assertThat(registry.get("fablestream.image.pixels").summary().totalAmount())
        .isEqualTo(451.0 * 300);
    assertThat(registry.get("fablestream.analyzer.vision").tag("outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("fablestream.analyzer.tokens").tag("kind", "output").counter().count())
        .isEqualTo(20.0);
  }

  private List<String> readyKeys() {
    return analyzer.ready.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  private double count(String outcome) {
    return registry
        .get("fablestream.images")
        .tag("service", "analyzer")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private void assertOneFailure(String bookId, String stage, String reason, String messagePart) {
    List<KeyValue<String, BookFailed>> failures = analyzer.failed.readKeyValuesToList();
    assertThat(failures).hasSize(1);
    KeyValue<String, BookFailed> failure = failures.getFirst();
    assertThat(failure.value.getMessage()).contains(messagePart);
    assertThat(failure)
        .isEqualTo(
            KeyValue.pair(
                bookId,
                BookFailed.newBuilder()
                    .setBookId(bookId)
                    .setStage(stage)
                    .setReason(reason)
                    .setMessage(failure.value.getMessage())
                    .setChapterNumber(null)
                    .setFailedAt(NOW)
                    .build()));
    assertThat(
            registry
                .get("fablestream.books.failed")
                .tags("service", "analyzer", "reason", reason, "stage", stage)
                .counter()
                .count())
        .isEqualTo(1);
  }

  private static ImageSubmitted request(String bookId, byte[] image) {
    return BadInputs.request(bookId, BadInputs.inline("image/png", image));
  }

  /** Submits a picture for a book under its own key, and lets the topology settle. */
  private void submit(String bookId, byte[] image) {
    submit(bookId, bookId, image);
  }

  /** Submits a picture for a book under a record key of its own, and lets the topology settle. */
  private void submit(String key, String bookId, byte[] image) {
    analyzer.submit(key, request(bookId, image));
  }
}
