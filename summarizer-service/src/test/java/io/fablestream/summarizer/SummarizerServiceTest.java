package io.fablestream.summarizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ModelUsage;
import io.fablestream.platform.MutableClock;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.events.TestChapters;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.TokenTable;
import io.fablestream.platform.model.Usage;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
  private static final ModelUsage TWO_CALLS = new ModelUsage(20L, 40L, 200L, 2);
  private static final String SYNOPSIS =
      ("Mira climbs the lighthouse in the storm. ").repeat(10).strip();

  private final AtomicInteger summaries = new AtomicInteger();
  private final AtomicBoolean unavailable = new AtomicBoolean();
  private final ScriptedModelGateway models =
      new ScriptedModelGateway(
          request -> {
            if (unavailable.get()) {
              throw new ModelException(
                  ModelException.Kind.UNAVAILABLE, "Connection refused: localhost:11434", 4, null);
            }
            if (request.prompt().startsWith("Write the back-cover blurb")) {
              return ScriptedModelGateway.answer(request, SYNOPSIS);
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
    startWith(models);
  }

  /** The service's topology on a new driver, its model the gateway given. */
  private void startWith(ScriptedModelGateway gateway) {
    SummarizerSettings settings =
        SummarizerSettings.from(Config.of(Map.of("ollama.text.model", MODEL)));
    driver =
        TestDrivers.start(
            new SummarizerService(ServiceContext.direct(clock, registry), gateway, settings), NOW);
    analysis = TestDrivers.input(driver, Topics.ANALYSIS_READY);
    chapters = TestDrivers.input(driver, Topics.CHAPTERS_WRITTEN);
    completed = TestDrivers.input(driver, Topics.BOOKS_COMPLETED);
    failedIn = TestDrivers.input(driver, Topics.BOOKS_FAILED);
    arcs = TestDrivers.output(driver, Topics.ARCS_SUMMARIZED);
    failed = TestDrivers.output(driver, Topics.BOOKS_FAILED);
  }

  private final MutableClock clock = new MutableClock(NOW);

  /**
   * Starts the service asking the scripted models, and opens a book of chapterCount chapters in
   * arcs of arcLength.
   */
  private void openBook(int chapterCount, int arcLength) {
    openBook(models, chapterCount, arcLength);
  }

  /**
   * Starts the service asking the gateway, and opens a book of chapterCount chapters in arcs of
   * arcLength.
   */
  private void openBook(ScriptedModelGateway gateway, int chapterCount, int arcLength) {
    startWith(gateway);
    pipe(analysisOf(chapterCount, arcLength));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void pipe(ChapterWritten chapter) {
    chapters.pipeInput(BOOK, chapter);
    Settle.settle(driver);
  }

  private void pipe(AnalysisReady ready) {
    analysis.pipeInput(BOOK, ready);
    Settle.settle(driver);
  }

  @Test
  void itsStoresKeepTheNamesTheirChangelogTopicsAreNamedAfter() {
    startWith(models);

    assertThat(driver.getAllStateStores().keySet())
        .containsExactlyInAnyOrder("summarizer-arcs", "summarizer-texts", "summarizer-calls");
  }

  @Test
  void everyArcIsSummarisedTheShorterLastOneIncludedAndItBringsTheSynopsis() {
    openBook(5, 2);

    for (int n = 1; n <= 5; n++) {
      pipe(chapter(n, 5));
    }

    assertThat(arcs.readValuesToList())
        .containsExactly(
            new ArcSummarized(BOOK, 1, 2, summary(1), MODEL, ONE_CALL, 1, null, null),
            new ArcSummarized(BOOK, 3, 4, summary(2), MODEL, ONE_CALL, 1, null, null),
            new ArcSummarized(BOOK, 5, 5, summary(3), MODEL, TWO_CALLS, 1, SYNOPSIS, null));
    assertThat(registry.get("fablestream.summaries.written").counter().count()).isEqualTo(3);
    String synopsisPrompt = models.requests().getLast().prompt();
    assertThat(synopsisPrompt)
        .startsWith("Write the back-cover blurb of a book")
        .contains("60 to 120 words", "Chapters 1-2: " + summary(1), "Chapters 5-5: " + summary(3))
        .contains("in English (language tag en)")
        .endsWith("Answer in JSON: {\"blurb\": the blurb}.");
    assertThat(models.requests())
        .extracting(ModelRequest::jsonSchema)
        .containsExactly(
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SYNOPSIS_SCHEMA);
  }

  @Test
  void aModelsPreamblesTitlesAndQuotesNeverReachTheSummaryOrTheSynopsis() {
    ScriptedModelGateway chatty =
        blurbOrSummary(
            () ->
                "{\"blurb\": \"Here is a back-cover blurb:\\n\\n**The Keeper**\\n\\n"
                    + SYNOPSIS
                    + "\"}",
            () ->
                "Here is a summary of chapters 1 to 1 in three sentences:\n\n\""
                    + summary(1)
                    + "\"\n\nLet me know if you'd like any changes!");
    openBook(chatty, 1, 1);

    pipe(chapter(1, 1));

    assertThat(arcs.readValuesToList())
        .containsExactly(
            new ArcSummarized(BOOK, 1, 1, summary(1), MODEL, TWO_CALLS, 1, SYNOPSIS, null));
  }

  @Test
  void aSynopsisFarFromItsLengthIsAskedForAgainWithWhyAndThenTaken() {
    AtomicInteger blurbs = new AtomicInteger();
    ScriptedModelGateway shortFirst =
        blurbOrSummary(
            () -> blurbs.incrementAndGet() == 1 ? "Too short." : SYNOPSIS, () -> summary(1));
    openBook(shortFirst, 1, 1);

    pipe(chapter(1, 1));

    assertThat(arcs.readValuesToList())
        .extracting(ArcSummarized::getSynopsis)
        .containsExactly(SYNOPSIS);
    assertThat(shortFirst.requests().getLast().prompt())
        .contains("Your last blurb was rejected: it had 2 words; write 60 to 120.");
  }

  @Test
  void theSummariesAreWrittenInTheBooksLanguage() {
    start();
    pipe(AnalysisReady.newBuilder(analysisOf(2, 2)).setLanguage("ja").build());

    pipe(chapter(1, 2));
    pipe(chapter(2, 2));

    assertThat(models.requests())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.prompt()).contains("in Japanese (language tag ja)"))
        .allSatisfy(
            r ->
                assertThat(r.system())
                    .isEqualTo(SummaryPrompt.system("ja"))
                    .contains("Write in Japanese (language tag ja)"));
  }

  @Test
  void aRevisionFromChapterThreeSummarisesAgainTheArcsFromTheOneHoldingItOn() {
    openBook(4, 2);
    for (int n = 1; n <= 4; n++) {
      pipe(chapter(n, 4));
    }
    arcs.readValuesToList();
    completed.pipeInput(BOOK, completedBook(1));
    int asked = models.requests().size();

    pipe(ChapterWritten.newBuilder(chapter(3, 4)).setRevision(2).setText("New chapter 3.").build());
    assertThat(models.requests()).as("the arc of 3-4 waits for chapter 4").hasSize(asked);
    pipe(ChapterWritten.newBuilder(chapter(4, 4)).setRevision(2).build());

    List<ArcSummarized> again = arcs.readValuesToList();
    assertThat(again)
        .extracting(ArcSummarized::getFromChapter, ArcSummarized::getRevision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 2));
    assertThat(again.get(0).getSynopsis()).isEqualTo(SYNOPSIS);
    assertThat(models.requests().get(asked).prompt())
        .contains("The story before these chapters, in short: " + summary(1), "New chapter 3.");
  }

  @Test
  void aClosedBookIsKeptForRevisionsThenDroppedAndALateChapterCreatesNothing() {
    openBook(1, 1);
    pipe(chapter(1, 1));
    completed.pipeInput(BOOK, completedBook(1));
    assertThat(state()).isNotNull();

    clock.advance(Duration.ofDays(14).plusMinutes(1));
    driver.advanceWallClockTime(Duration.ofDays(14).plusMinutes(1));

    assertThat(state()).isNull();
    assertThat(TestDrivers.entries(driver, SummarizerService.TEXTS_STORE)).isZero();
    pipe(ChapterWritten.newBuilder(chapter(1, 1)).setRevision(2).build());
    assertThat(state()).isNull();
  }

  @Test
  void summaryPromptHoldsTheArcsChaptersAndThePreviousSummary() {
    openBook(5, 2);

    for (int n = 1; n <= 4; n++) {
      pipe(chapter(n, 5));
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
  void aLongBookAsksForTheBookSoFarWithTheSummariesALaterChapterFoldsAndRetellsFromIt() {
    // Six arcs of one chapter: the writer of chapter 5 folds arc 1, that of chapter 6 arcs 1-2.
    ScriptedModelGateway soFar =
        new ScriptedModelGateway(
            request -> {
              if (request.prompt().startsWith("Write the back-cover blurb")) {
                return ScriptedModelGateway.answer(request, SYNOPSIS);
              }
              int k = summaries.incrementAndGet();
              return ScriptedModelGateway.answer(
                  request,
                  request.jsonSchema().equals(SummaryPrompt.SUMMARY_AND_SO_FAR_SCHEMA)
                      ? "{\"summary\": \""
                          + summary(k)
                          + "\", \"bookSoFar\": \"Here is the story so far:\\n\\n"
                          + "So far "
                          + k
                          + ": Mira found the map. "
                          + "The storm grew. ".repeat(60)
                          + "\"}"
                      : "{\"summary\": \"" + summary(k) + "\"}");
            });
    openBook(soFar, 6, 1);

    for (int n = 1; n <= 6; n++) {
      pipe(chapter(n, 6));
    }

    List<ArcSummarized> published = arcs.readValuesToList();
    assertThat(published).hasSize(6);
    // Arc 1's book so far is its summary; arc 2's the model's, its preamble gone, cut to the
    // bound at a sentence's end; no later arc's is read by any chapter, so none is asked for.
    assertThat(published.get(0).getBookSoFar()).isEqualTo(summary(1));
    String second = published.get(1).getBookSoFar();
    assertThat(second).startsWith("So far 2: Mira found the map.").endsWith("The storm grew.");
    assertThat(second.split(" ").length).isLessThanOrEqualTo(BookBudget.BOOK_SO_FAR_WORDS);
    assertThat(published.subList(2, 6)).allSatisfy(a -> assertThat(a.getBookSoFar()).isNull());
    List<ModelRequest> requests = soFar.requests();
    assertThat(requests)
        .extracting(ModelRequest::jsonSchema)
        .containsExactly(
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_AND_SO_FAR_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SUMMARY_SCHEMA,
            SummaryPrompt.SYNOPSIS_SCHEMA);
    assertThat(requests.get(1).prompt())
        .contains(
            "The story before these chapters, in short: " + summary(1),
            "retell the whole story from chapter 1 through chapter 2 in at most 120 words",
            "\"bookSoFar\": the whole story so far}");
    // The arc after one with a book so far is summarised with it as the story before.
    assertThat(requests.get(2).prompt())
        .contains("The story before these chapters, in short: " + second)
        .doesNotContain(summary(2));
  }

  @Test
  void aSummaryCutAtItsLimitIsAskedAgainWithTwiceTheBoundAndACutAtTheWindowFailsWithItsReason() {
    AtomicInteger cuts = new AtomicInteger(1);
    ScriptedModelGateway cutting =
        new ScriptedModelGateway(
            request ->
                cuts.getAndDecrement() > 0
                    ? new ModelAnswer(
                        request.model(),
                        "{\"summary\": \"Mira found",
                        new Usage(10, 20, 100, 1),
                        true)
                    : ScriptedModelGateway.answer(request, summary(1)));
    openBook(cutting, 4, 2);
    pipe(chapter(1, 4));
    pipe(chapter(2, 4));

    List<ModelRequest> asked = cutting.requests();
    assertThat(asked).hasSize(2);
    assertThat(asked.get(1).prompt()).isEqualTo(asked.get(0).prompt());
    assertThat(asked.get(1).answerTokens()).isEqualTo(2 * asked.get(0).answerTokens());
    assertThat(arcs.readValuesToList())
        .singleElement()
        .extracting(ArcSummarized::getSummary)
        .isEqualTo(summary(1));

    // A model that never stops: the bound doubles up to what the window leaves, then the book
    // fails with its own reason, not as output without the JSON asked for.
    cuts.set(Integer.MAX_VALUE);
    pipe(chapter(3, 4));
    pipe(chapter(4, 4));

    assertThat(failed.readValuesToList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo("ANSWER_EXCEEDS_CONTEXT");
              assertThat(f.getMessage()).contains("the summary of chapters 3-4");
            });
    List<Integer> bounds =
        cutting.requests().subList(2, cutting.requests().size()).stream()
            .map(ModelRequest::answerTokens)
            .toList();
    assertThat(bounds.get(1)).isEqualTo(2 * bounds.get(0));
    assertThat(bounds).isSorted();
  }

  /** A Greek summary of 149 words, near the 150 its bound allows. */
  private static final String GREEK_SUMMARY =
      "Η Μίρα ανέβηκε στον φάρο μέσα στην καταιγίδα και βρήκε τον χάρτη του φύλακα. ".repeat(10)
          + "Ο φύλακας κράτησε το μυστικό του ως το τέλος.";

  /** A Greek blurb of 84 words, within the synopsis's 60 to 120. */
  private static final String GREEK_BLURB =
      "Η Μίρα ανέβηκε στον φάρο μέσα στην καταιγίδα και βρήκε τον χάρτη του φύλακα. ".repeat(6);

  /**
   * The summarizer's calls for a Greek book of three arcs of two, on a server that counts and cuts
   * as a real one does with this tokenizer ({@link ModelHabits#generate}).
   */
  private List<ModelRequest> greekBookOn(TokenTable tokenizer) {
    ScriptedModelGateway server =
        new ScriptedModelGateway(
            request -> {
              String text =
                  request.prompt().startsWith("Write the back-cover blurb")
                      ? GREEK_BLURB
                      : GREEK_SUMMARY;
              ModelHabits.Generation generated =
                  ModelHabits.generate(
                      tokenizer,
                      request.system(),
                      request.prompt(),
                      ModelHabits.jsonObject(
                          request.prompt().startsWith("Write the back-cover blurb")
                              ? "blurb"
                              : "summary",
                          text),
                      null,
                      null,
                      request.answerTokens());
              return new ModelAnswer(
                  request.model(),
                  generated.cut().text(),
                  new Usage(generated.promptTokens(), generated.cut().tokens(), 100, 1),
                  generated.cut().cut());
            });
    startWith(server);
    pipe(AnalysisReady.newBuilder(analysisOf(6, 2)).setLanguage("el").build());
    for (int n = 1; n <= 6; n++) {
      pipe(chapter(n, 6));
    }
    assertThat(failed.isEmpty()).isTrue();
    assertThat(arcs.readValuesToList()).hasSize(3);
    return server.requests();
  }

  @Test
  void aBookLearnsItsTokensPerWordFromTheServersCountsSoALaterSummaryIsNotCutAgain() {
    // A tokenizer that charges 6 tokens a Greek word, past the 4.9 of Greek's estimate.
    List<ModelRequest> asked = greekBookOn(new TokenTable("dense", Map.of("el", 6.0), 2.0, 1.0));

    // Arc 1: 873 tokens (150 words at 4.9, 10% spare, the JSON's 64) cut its 150 words (900
    // tokens), twice that took it whole. Its count teaches 6.05 a word (the JSON's words erring
    // high), and arcs 2 and 3 and the synopsis are asked with that bound: none is cut again,
    // where each would be cut and asked again at the estimate.
    int learned = ContextBudget.learnedTokensPerWord(900, 149);
    assertThat(learned).isEqualTo(605);
    int summary = ContextBudget.answerTokens(BookBudget.SUMMARY_WORDS, learned);
    assertThat(asked)
        .extracting(ModelRequest::answerTokens)
        .containsExactly(
            873,
            1746,
            summary,
            summary,
            ContextBudget.answerTokens(BookBudget.SYNOPSIS_WORDS, learned));
    assertThat(summary).isGreaterThan(900);
  }

  @Test
  void onLlamaThreeAGreekBooksLaterSummariesAskForTheBoundItsTokenizerNeedsNotTheEstimates() {
    List<ModelRequest> asked = greekBookOn(TokenTable.LLAMA_3);

    // 2.43 tokens a Greek word, where the estimate (the worst of Llama 3 and Qwen 2.5) is 4.9:
    // after the first whole answer, a summary's bound is about half, and no answer was cut.
    assertThat(asked).hasSize(4);
    assertThat(asked.get(0).answerTokens()).isEqualTo(873);
    assertThat(asked.get(1).answerTokens()).isBetween(400, 500);
    assertThat(asked.get(2).answerTokens()).isEqualTo(asked.get(1).answerTokens());
  }

  @Test
  void repeatedChaptersCauseNoSecondSummary() {
    openBook(5, 2);
    pipe(chapter(1, 5));
    pipe(chapter(2, 5));

    pipe(chapter(2, 5));
    pipe(chapter(1, 5));
    pipe(analysisOf(5, 2));

    assertThat(arcs.readValuesToList()).hasSize(1);
    assertThat(models.requests()).hasSize(1);
  }

  @Test
  void chapterArrivingBeforeTheAnalysisIsSummarisedOnceTheArcLengthIsKnown() {
    start();
    pipe(chapter(1, 3));

    pipe(analysisOf(3, 1));

    assertThat(arcs.readValuesToList())
        .containsExactly(new ArcSummarized(BOOK, 1, 1, summary(1), MODEL, ONE_CALL, 1, null, null));
  }

  @Test
  void unavailableModelFailsTheBookAtTheSummarizeStage() {
    unavailable.set(true);
    openBook(5, 2);
    pipe(chapter(1, 5));

    pipe(chapter(2, 5));

    assertThat(failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                BOOK,
                "SUMMARIZE",
                "MODEL_UNAVAILABLE",
                "The model server could not summarise chapters 1-2 (UNAVAILABLE after 4 tries):"
                    + " Connection refused: localhost:11434. Fix: start Ollama where OLLAMA_HOST"
                    + " (ollama.host) points and pull writer:test (ollama pull <model>; set by"
                    + " model.text), then submit the picture again.",
                2,
                NOW,
                1));
    assertThat(arcs.isEmpty()).isTrue();
    assertThat(state().getClosedAt())
        .as("closed, kept for the retention")
        .isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void blankAnswersFailTheBookWithInvalidModelOutput() {
    ScriptedModelGateway blank = ScriptedModelGateway.always("  \n ");
    openBook(blank, 3, 1);

    pipe(chapter(1, 3));

    assertThat(failed.readValuesToList())
        .extracting(BookFailed::getReason)
        .containsExactly("INVALID_MODEL_OUTPUT");
    assertThat(blank.requests()).hasSize(2);
  }

  @Test
  void aBookFailedElsewhereStopsItsSummariesAndALateChapterOfItAsksForNothing() {
    openBook(5, 2);
    pipe(chapter(1, 5));

    failedIn.pipeInput(
        BOOK, new BookFailed(BOOK, "INDEX", "STORE_UNAVAILABLE", "down", 1, Instant.EPOCH, 1));
    pipe(chapter(2, 5));

    assertThat(models.requests()).isEmpty();
    assertThat(failed.isEmpty()).isTrue();
    assertThat(state().getClosedAt()).isNotZero();
  }

  @Test
  void manyBooksLeaveNoStateOnceTheirRetentionIsOver() {
    start();
    for (int b = 0; b < 20; b++) {
      String book = "book-" + b;
      analysis.pipeInput(book, AnalysisReady.newBuilder(analysisOf(2, 1)).setBookId(book).build());
      for (int n = 1; n <= 2; n++) {
        chapters.pipeInput(book, ChapterWritten.newBuilder(chapter(n, 2)).setBookId(book).build());
        Settle.settle(driver);
      }
      completed.pipeInput(book, BookCompleted.newBuilder(completedBook(1)).setBookId(book).build());
    }
    assertThat(arcs.readValuesToList()).hasSize(40);
    assertThat(TestDrivers.entries(driver, SummarizerService.ARCS_STORE)).isEqualTo(20);

    clock.advance(Duration.ofDays(15));
    driver.advanceWallClockTime(Duration.ofDays(15));

    assertThat(TestDrivers.entries(driver, SummarizerService.ARCS_STORE)).isZero();
    assertThat(TestDrivers.entries(driver, SummarizerService.TEXTS_STORE)).isZero();
    assertThat(Settle.pending(driver)).isEmpty();
  }

  private static BookCompleted completedBook(int revision) {
    return BookCompleted.newBuilder()
        .setBookId(BOOK)
        .setTitle("The Lighthouse")
        .setAnalysis(analysisOf(5, 2).getAnalysis())
        .setChapters(List.of())
        .setStats(new BookStats(0L, 0L, 0L, 0L, 0, 0, 0L))
        .setRevision(revision)
        .build();
  }

  /** A model that answers the back-cover blurb's prompt with one text, any other with another. */
  private static ScriptedModelGateway blurbOrSummary(
      Supplier<String> blurb, Supplier<String> summary) {
    return new ScriptedModelGateway(
        request ->
            ScriptedModelGateway.answer(
                request,
                request.prompt().startsWith("Write the back-cover blurb")
                    ? blurb.get()
                    : summary.get()));
  }

  private ArcState state() {
    return driver.<String, ArcState>getKeyValueStore(SummarizerService.ARCS_STORE).get(BOOK);
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
    return TestChapters.written(BOOK, n, count, "Text of chapter " + n + ".")
        .setTitle("Title " + n)
        .setModel(MODEL)
        .setUsage(ONE_CALL)
        .build();
  }
}
