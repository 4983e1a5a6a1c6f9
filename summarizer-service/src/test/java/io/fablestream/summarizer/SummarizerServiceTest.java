package io.fablestream.summarizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ModelUsage;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SummarizerServiceTest {
  private static final String BOOK = "book-1";
  private static final String MODEL = "writer:test";
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final ModelUsage ONE_CALL = new ModelUsage(10L, 20L, 100L, 1);

  private final AtomicInteger summaries = new AtomicInteger();
  private final AtomicBoolean unavailable = new AtomicBoolean();
  private final ScriptedModelGateway models =
      new ScriptedModelGateway(
          request -> {
            if (unavailable.get()) {
              throw new ModelException(
                  ModelException.Kind.UNAVAILABLE, "Connection refused: localhost:11434", 4, null);
            }
            return ScriptedModelGateway.answer(request, summary(summaries.incrementAndGet()));
          });
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, AnalysisReady> analysis;
  private TestInputTopic<String, ChapterWritten> chapters;
  private TestInputTopic<String, BookCompleted> completed;
  private TestInputTopic<String, BookFailed> failedIn;
  private TestOutputTopic<String, ArcSummarized> arcs;
  private TestOutputTopic<String, BookFailed> failed;

  private void start() {
    SummarizerSettings settings =
        SummarizerSettings.from(Config.of(Map.of("ollama.text.model", MODEL)));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fablestream-summarizer");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/summarizer-test");
    driver =
        new TopologyTestDriver(
            SummarizerService.topology(
                models, settings, Clock.fixed(NOW, ZoneOffset.UTC), registry),
            props,
            NOW);
    analysis = input(Topics.ANALYSIS_READY);
    chapters = input(Topics.CHAPTERS_WRITTEN);
    completed = input(Topics.BOOKS_COMPLETED);
    failedIn = input(Topics.BOOKS_FAILED);
    arcs = output(Topics.ARCS_SUMMARIZED);
    failed = output(Topics.BOOKS_FAILED);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void fiveChaptersWithArcLengthTwoAreSummarisedAfterTwoAndFourOnly() {
    start();
    analysis.pipeInput(BOOK, analysisOf(5, 2));

    for (int n = 1; n <= 5; n++) {
      chapters.pipeInput(BOOK, chapter(n, 5));
    }

    assertThat(arcs.readValuesToList())
        .containsExactly(
            new ArcSummarized(BOOK, 1, 2, summary(1), MODEL, ONE_CALL, 1, null),
            new ArcSummarized(BOOK, 3, 4, summary(2), MODEL, ONE_CALL, 1, null));
    assertThat(state()).as("the book's state is dropped after its last chapter").isNull();
    assertThat(registry.get("fablestream.summaries.written").counter().count()).isEqualTo(2);
  }

  @Test
  void summaryPromptHoldsTheArcsChaptersAndThePreviousSummary() {
    start();
    analysis.pipeInput(BOOK, analysisOf(5, 2));

    for (int n = 1; n <= 4; n++) {
      chapters.pipeInput(BOOK, chapter(n, 5));
    }

    List<ModelRequest> requests = models.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).prompt())
        .startsWith("Summarize chapters 1 to 2 of a story in exactly three sentences.")
        .contains(
            "Chapter 1: Title 1\nText of chapter 1.", "Chapter 2: Title 2\nText of chapter 2.")
        .doesNotContain("The story before these chapters");
    assertThat(requests.get(1).prompt())
        .contains(
            "The story before these chapters, in short: " + summary(1),
            "Chapter 3: Title 3",
            "Chapter 4: Title 4")
        .doesNotContain("Chapter 2: Title 2");
  }

  @Test
  void aShorterLastArcIsNotSummarised() {
    start();
    analysis.pipeInput(BOOK, analysisOf(5, 3));

    for (int n = 1; n <= 5; n++) {
      chapters.pipeInput(BOOK, chapter(n, 5));
    }

    assertThat(arcs.readValuesToList())
        .containsExactly(new ArcSummarized(BOOK, 1, 3, summary(1), MODEL, ONE_CALL, 1, null));
  }

  @Test
  void repeatedChaptersCauseNoSecondSummary() {
    start();
    analysis.pipeInput(BOOK, analysisOf(5, 2));
    chapters.pipeInput(BOOK, chapter(1, 5));
    chapters.pipeInput(BOOK, chapter(2, 5));

    chapters.pipeInput(BOOK, chapter(2, 5));
    chapters.pipeInput(BOOK, chapter(1, 5));
    analysis.pipeInput(BOOK, analysisOf(5, 2));

    assertThat(arcs.readValuesToList()).hasSize(1);
    assertThat(models.requests()).hasSize(1);
  }

  @Test
  void chapterArrivingBeforeTheAnalysisIsSummarisedOnceTheArcLengthIsKnown() {
    start();
    chapters.pipeInput(BOOK, chapter(1, 3));

    analysis.pipeInput(BOOK, analysisOf(3, 1));

    assertThat(arcs.readValuesToList())
        .containsExactly(new ArcSummarized(BOOK, 1, 1, summary(1), MODEL, ONE_CALL, 1, null));
  }

  @Test
  void unavailableModelFailsTheBookAtTheSummarizeStage() {
    start();
    unavailable.set(true);
    analysis.pipeInput(BOOK, analysisOf(5, 2));
    chapters.pipeInput(BOOK, chapter(1, 5));

    chapters.pipeInput(BOOK, chapter(2, 5));

    assertThat(failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                BOOK,
                "SUMMARIZE",
                "MODEL_UNAVAILABLE",
                "The model server could not summarise chapters 1-2 (UNAVAILABLE after 4 tries):"
                    + " Connection refused: localhost:11434. Fix: start Ollama where OLLAMA_HOST"
                    + " points and pull writer:test, then submit the picture again.",
                2,
                NOW,
                1));
    assertThat(arcs.isEmpty()).isTrue();
    assertThat(state()).isNull();
  }

  @Test
  void blankAnswersFailTheBookWithInvalidModelOutput() {
    start();
    ScriptedModelGateway blank = ScriptedModelGateway.always("  \n ");
    driver.close();
    SummarizerSettings settings =
        SummarizerSettings.from(Config.of(Map.of("ollama.text.model", MODEL)));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fablestream-summarizer");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            SummarizerService.topology(blank, settings, Clock.fixed(NOW, ZoneOffset.UTC), registry),
            props,
            NOW);
    analysis = input(Topics.ANALYSIS_READY);
    chapters = input(Topics.CHAPTERS_WRITTEN);
    failed = output(Topics.BOOKS_FAILED);
    analysis.pipeInput(BOOK, analysisOf(3, 1));

    chapters.pipeInput(BOOK, chapter(1, 3));

    assertThat(failed.readValuesToList())
        .extracting(BookFailed::getReason)
        .containsExactly("INVALID_MODEL_OUTPUT");
    assertThat(blank.requests()).hasSize(2);
  }

  @Test
  void aBookFailedOrCompletedElsewhereIsForgotten() {
    start();
    analysis.pipeInput(BOOK, analysisOf(5, 2));
    chapters.pipeInput(BOOK, chapter(1, 5));
    assertThat(state()).isNotNull();

    failedIn.pipeInput(
        BOOK, new BookFailed(BOOK, "INDEX", "STORE_UNAVAILABLE", "down", 1, Instant.EPOCH, 1));

    assertThat(state()).isNull();
    assertThat(failed.isEmpty()).isTrue();

    analysis.pipeInput(BOOK, analysisOf(5, 2));
    assertThat(state()).isNotNull();

    completed.pipeInput(
        BOOK,
        BookCompleted.newBuilder()
            .setBookId(BOOK)
            .setTitle("The Lighthouse")
            .setAnalysis(analysisOf(5, 2).getAnalysis())
            .setChapters(List.of())
            .setStats(new BookStats(0L, 0L, 0L, 0L, 0))
            .build());

    assertThat(state()).isNull();
  }

  private ArcState state() {
    return driver.<String, ArcState>getKeyValueStore(SummarizerService.STORE).get(BOOK);
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  private static String summary(int k) {
    return "Summary " + k + ": Mira found the map. The storm grew. The keeper hid a secret.";
  }

  private static AnalysisReady analysisOf(int chapterCount, int arcLength) {
    return AnalysisReady.newBuilder()
        .setBookId(BOOK)
        .setSubmittedAt(NOW)
        .setChapterCount(chapterCount)
        .setArcLength(arcLength)
        .setAnalysis(
            new ImageAnalysis(
                "a lighthouse", List.of("Mira"), "eerie", List.of(), List.of("the storm")))
        .setModel("llava:7b")
        .setUsage(ONE_CALL)
        .build();
  }

  private static ChapterWritten chapter(int n, int count) {
    return ChapterWritten.newBuilder()
        .setBookId(BOOK)
        .setChapterNumber(n)
        .setChapterCount(count)
        .setTitle("Title " + n)
        .setText("Text of chapter " + n + ".")
        .setWordCount(4)
        .setKeywords(List.of())
        .setAttempts(1)
        .setValidation(new ChapterValidation(0.9, 1, true, List.of(), List.of()))
        .setModel(MODEL)
        .setUsage(ONE_CALL)
        .build();
  }
}
