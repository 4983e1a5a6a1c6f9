package io.fablestream.chapter;

import static io.fablestream.chapter.ChapterLine.passedChapter;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookRubric;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.quality.QualityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChapterServiceTest extends ChapterLineTest {
  private static final String BOOK = "book-1";

  @Test
  void itsStoresKeepTheNamesTheirChangelogTopicsAreNamedAfter() {
    line = new ChapterLine();

    assertThat(line.driver.getAllStateStores().keySet())
        .containsExactlyInAnyOrder("chapter-books", "chapter-texts", "chapter-calls");
  }

  @Test
  void writesFiveChaptersWithEveryArcSummarisedAndPublishesTheBookWithItsSynopsis() {
    line = new ChapterLine();

    line.analysisReady(BOOK, 5, 2);
    line.indexAndSummarize(BOOK, 4, 2);
    line.clock.advance(Duration.ofSeconds(50));
    line.chapterIndexed(BOOK, 5);
    assertThat(line.completed.isEmpty()).as("the book waits for its last summary").isTrue();
    line.arcSummarized(BOOK, 5, 5);

    assertThat(line.chapters.readValuesToList())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 5).mapToObj(n -> passedChapter(BOOK, n, 5, 1)).toList());
    Usage spent =
        ChapterLine.ANALYSIS_USAGE
            .plus(ChapterLine.CALL) // the plan
            .plus(ChapterLine.draftsUsage(1, 1)) // then a draft and a judge per chapter
            .plus(ChapterLine.draftsUsage(2, 1))
            .plus(ChapterLine.draftsUsage(3, 1))
            .plus(ChapterLine.draftsUsage(4, 1))
            .plus(ChapterLine.draftsUsage(5, 1))
            .plus(ChapterLine.SUMMARY_USAGE)
            .plus(ChapterLine.SUMMARY_USAGE)
            .plus(ChapterLine.SUMMARY_USAGE);
    BookCompleted expected =
        BookCompleted.newBuilder()
            .setBookId(BOOK)
            .setTitle("The Lighthouse")
            .setAnalysis(ChapterLine.imageAnalysis())
            .setChapters(
                IntStream.rangeClosed(1, 5).mapToObj(n -> StoryModel.bookChapter(n, null)).toList())
            .setSummaries(
                List.of(
                    new ArcSummary(1, 2, ChapterLine.summaryOf(1, 2)),
                    new ArcSummary(3, 4, ChapterLine.summaryOf(3, 4)),
                    new ArcSummary(5, 5, ChapterLine.summaryOf(5, 5))))
            .setStats(
                new BookStats(
                    spent.promptTokens(),
                    spent.outputTokens(),
                    spent.durationMs(),
                    Duration.ofSeconds(60).toMillis(),
                    spent.calls(),
                    0,
                    0L))
            .setRequestedBy("tester")
            .setCompletedAt(ChapterLine.START.plusSeconds(50))
            .setSynopsis(ChapterLine.SYNOPSIS)
            // The report of the same chapters, each judged 0.9 with one conflict advanced in
            // validation (QualityReportTest checks the figures against hand-computed values).
            .setQuality(
                QualityReport.of(
                    IntStream.rangeClosed(1, 5)
                        .mapToObj(
                            n -> new QualityReport.Chapter(n, StoryModel.text(n, 1), 300, 1.0, 1))
                        .toList(),
                    300,
                    "en"))
            .build();
    List<BookCompleted> completed = line.completed.readValuesToList();
    assertThat(completed).hasSize(1);
    // The bible is asserted whole in StoryBibleFlowTest; here it is the book's as written.
    assertThat(completed.getFirst().getBible()).isNotNull();
    expected.setBible(completed.getFirst().getBible());
    assertThat(completed).containsExactly(expected);
    assertThat(expected.getQuality().getLengthScore()).as("300 words of 300 asked").isEqualTo(100);
    assertThat(line.failed.isEmpty()).isTrue();
    assertThat(line.registry.get("fablestream.books.completed").counter().count()).isEqualTo(1);
    assertThat(line.registry.get("fablestream.chapters.written").counter().count()).isEqualTo(5);
    assertThat(line.registry.get("fablestream.chapter.attempts").summary().mean()).isEqualTo(1);
    assertThat(line.registry.get("fablestream.book.length.score").summary().totalAmount())
        .isEqualTo(100);
    assertThat(line.registry.get("fablestream.book.judge.score").summary().totalAmount())
        .isEqualTo(1.0);
    assertThat(line.registry.get("fablestream.book.slop.per.1000").summary().count()).isEqualTo(1);
  }

  @Test
  void withQualityJudgeTheBookWaitsForOneWholeBookJudgeCallAndCarriesItsRubric() {
    line = new ChapterLine(Map.of("quality.judge", "true"));
    AtomicInteger judgeCalls = new AtomicInteger();
    String rubric =
        "{\"evidence\": \"The lamp is lit in chapter 1 and saves the boat in chapter 2.\","
            + " \"coherence\": 8, \"characterConsistency\": 7, \"pacing\": 6, \"prose\": 12,"
            + " \"ending\": 9}";
    line.story.judge(
        (n, attempt) -> judgeCalls.incrementAndGet() <= 2 ? StoryModel.PASSING_JUDGEMENT : rubric);

    line.analysisReady(BOOK, 2, 2);
    line.chapterIndexed(BOOK, 1);
    line.chapterIndexed(BOOK, 2);
    line.arcSummarized(BOOK, 1, 2);

    List<BookCompleted> done = line.completed.readValuesToList();
    assertThat(done).hasSize(1);
    assertThat(done.get(0).getQuality().getRubric())
        .isEqualTo(
            BookRubric.newBuilder()
                .setEvidence("The lamp is lit in chapter 1 and saves the boat in chapter 2.")
                .setCoherence(8)
                .setCharacterConsistency(7)
                .setPacing(6)
                .setProse(10) // 12 is past the scale: kept at 10
                .setEnding(9)
                .setModel(StoryModel.JUDGE)
                .build());
    List<ModelRequest> asked = line.models.requestsTo(StoryModel.JUDGE);
    assertThat(asked).hasSize(3);
    assertThat(asked.get(2).prompt())
        .startsWith("You judge a whole book")
        .contains(ChapterLine.SYNOPSIS, StoryModel.text(1, 1), StoryModel.text(2, 1));
    // The call counts toward the book: the analysis, the plan, two calls per chapter, the summary,
    // the rubric.
    assertThat(done.get(0).getStats().getModelCalls()).isEqualTo(1 + 1 + 4 + 1 + 1);
  }

  /**
   * A book of so many chapters in arcs of two, its first chapter indexed and its second written
   * (and read off the topic).
   */
  private void startWithChapterOneIndexed(int chapters) {
    line = new ChapterLine();
    line.analysisReady(BOOK, chapters, 2);
    line.chapterIndexed(BOOK, 1);
    line.chapters.readValuesToList();
  }

  @Test
  void chapterWaitsForArcSummaryWhenIndexedFirst() {
    startWithChapterOneIndexed(5);

    line.chapterIndexed(BOOK, 2);

    assertThat(line.chapters.isEmpty()).as("chapter 3 waits for the summary of 1-2").isTrue();
    assertThat(Awaited.of(line.state(BOOK)))
        .map(Awaited::description)
        .hasValueSatisfying(d -> assertThat(d).startsWith("ArcSummarized 2"));

    line.arcSummarized(BOOK, 1, 2);

    assertThat(line.chapters.readValuesToList()).containsExactly(passedChapter(BOOK, 3, 5, 1));
  }

  @Test
  void chapterWaitsForIndexingWhenSummaryArrivesFirst() {
    startWithChapterOneIndexed(5);

    line.arcSummarized(BOOK, 1, 2);

    assertThat(line.chapters.isEmpty()).as("chapter 3 waits for chapter 2 to be indexed").isTrue();

    line.chapterIndexed(BOOK, 2);

    assertThat(line.chapters.readValuesToList()).containsExactly(passedChapter(BOOK, 3, 5, 1));
  }

  @Test
  void repeatedAndLateEventsChangeNothingAndEmitNothing() {
    startWithChapterOneIndexed(3);
    int calls = line.models.requests().size();

    line.analysisReady(BOOK, 3, 2);
    line.chapterIndexed(BOOK, 1);
    line.chapterIndexed(BOOK, 2);
    line.arcSummarized(BOOK, 1, 2);
    line.arcSummarized(BOOK, 1, 2);
    line.chapterIndexed(BOOK, 2);

    assertThat(line.chapters.readValuesToList()).containsExactly(passedChapter(BOOK, 3, 3, 1));
    assertThat(line.models.requests()).hasSize(calls + 2);

    line.chapterIndexed(BOOK, 3);
    line.chapterIndexed(BOOK, 3);
    line.arcSummarized(BOOK, 3, 3);
    line.arcSummarized(BOOK, 3, 3);
    line.analysisReady(BOOK, 3, 2);

    assertThat(line.completed.readValuesToList()).hasSize(1);
    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void chapterFailingValidationOnceIsRewrittenWithTheFeedback() {
    line = new ChapterLine();
    line.story.judge(
        (n, attempt) ->
            attempt == 1
                ? StoryModel.judgement(2, List.of("the keeper's secret"))
                : StoryModel.PASSING_JUDGEMENT);

    line.analysisReady(BOOK, 3, 2);

    assertThat(line.chapters.readValuesToList()).containsExactly(passedChapter(BOOK, 1, 3, 2));
    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).hasSize(2);
    assertThat(drafts.get(0).prompt()).doesNotContain("REJECTED");
    assertThat(drafts.get(1).prompt())
        .startsWith(drafts.get(0).prompt())
        .contains(
            "YOUR LAST ATTEMPT WAS REJECTED",
            "The tone of voice drifts (judged 2 of 5): keep the narrator's tone eerie and hopeful");
    assertThat(
            line.registry
                .get("fablestream.validation.failures")
                .tag("reason", "mood")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aDraftThatIsOnlyTooShortIsExtendedNotThrownAwayAndTheJudgeWaitsForTheWholeOfIt() {
    line = new ChapterLine();
    String first = StoryText.of(71, 150);
    String rest = StoryText.of(72, 150);
    line.story.writer(
        (n, call) ->
            StoryModel.chapterJson(
                n, n == 1 ? (call == 1 ? first : rest) : StoryModel.text(n, call)));

    line.analysisReady(BOOK, 3, 2);

    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).hasSize(2);
    assertThat(drafts.get(1).prompt())
        .startsWith(drafts.get(0).prompt())
        .contains(
            "THE CHAPTER SO FAR, \"The Turn 1\" (150 words)", first, "Write about 150 more words");
    // The judge saw only the whole draft.
    assertThat(line.models.requestsTo(StoryModel.JUDGE)).hasSize(1);
    ChapterWritten chapter = line.chapters.readValuesToList().getFirst();
    assertThat(chapter.getText()).isEqualTo(first + "\n\n" + rest);
    assertThat(chapter.getAttempts()).isEqualTo(2);
    assertThat(chapter.getValidation().getPassed()).isTrue();
  }

  @Test
  void aChapterLongerThanOneCallWritesIsWrittenInPartsEachContinuingTheLast() {
    line = new ChapterLine();
    line.story.writer((n, call) -> StoryModel.chapterJson(n, StoryText.of(n * 100L + call, 750)));

    line.analysis.pipeInput(
        BOOK,
        AnalysisReady.newBuilder(ChapterLine.analysisOf(BOOK, 2, 2))
            .setWordsPerChapter(1500)
            .build());
    line.settle();

    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).hasSize(2);
    assertThat(drafts.get(0).prompt()).contains("WRITE THIS CHAPTER IN 2 PARTS", "about 750 words");
    assertThat(drafts.get(1).prompt())
        .startsWith(
            drafts.get(0).prompt().substring(0, drafts.get(0).prompt().indexOf("WRITE THIS")))
        .contains("CONTINUE IT: this is part 2 of 2", StoryText.of(101, 750));
    ChapterWritten chapter = line.chapters.readValuesToList().getFirst();
    assertThat(chapter.getWordCount()).isEqualTo(1500);
    assertThat(chapter.getAttempts()).isEqualTo(1);
    assertThat(line.models.requestsTo(StoryModel.JUDGE)).hasSize(1);
  }

  @Test
  void aRewriteRevisesTheRejectedDraftWithEveryNoteSoFar() {
    line = new ChapterLine();
    line.story.judge(
        (n, attempt) ->
            switch (attempt) {
              case 1 -> StoryModel.judgement(2, List.of("the keeper's secret"));
              case 2 -> StoryModel.judgement(5, List.of());
              default -> StoryModel.PASSING_JUDGEMENT;
            });

    line.analysisReady(BOOK, 3, 2);

    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).hasSize(3);
    assertThat(drafts.get(2).prompt())
        .contains(
            "YOUR LAST DRAFT, \"" + StoryModel.title(1) + "\"",
            StoryModel.text(1, 2),
            "Revise that draft",
            "The tone of voice drifts",
            "No open conflict moves forward")
        .doesNotContain(StoryModel.text(1, 1));
  }

  @Test
  void exhaustedChapterIsPublishedAsNotPassedUnderThePublishPolicy() {
    line = new ChapterLine(Map.of("chapter.exhausted.policy", "publish"));
    line.story.judge((n, attempt) -> StoryModel.judgement(attempt, List.of()));

    line.analysisReady(BOOK, 3, 2);

    String best = StoryModel.text(1, 3);
    assertThat(line.chapters.readValuesToList())
        .containsExactly(
            ChapterLine.chapter(
                BOOK,
                1,
                3,
                best,
                3,
                ChapterValidation.newBuilder()
                    .setMoodScore(0.5)
                    .setConflictCount(0)
                    .setPassed(false)
                    .setNotes(
                        List.of(
                            "The tone of voice drifts (judged 3 of 5): keep the narrator's tone"
                                + " eerie and hopeful throughout, however the events turn.",
                            "No open conflict moves forward (one only mentioned does not):"
                                + " advance at least one of: the storm that will not pass; the"
                                + " keeper's secret, in an event of this chapter."))
                    .setTone(3)
                    .build(),
                ChapterLine.draftsUsage(1, 3)));
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void exhaustedChapterFailsTheBookUnderTheFailPolicy() {
    line = new ChapterLine(Map.of("chapter.exhausted.policy", "fail", "chapter.max.attempts", "2"));
    line.story.writer((n, attempt) -> "{\"title\": \"Short\", \"text\": \"Too short a chapter.\"}");

    line.analysisReady(BOOK, 3, 2);

    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                BOOK,
                "WRITE",
                "VALIDATION_EXHAUSTED",
                // The second attempt extended the first: 4 words and 4 more.
                "Chapter 1 failed validation on all 2 attempts (chapter.exhausted.policy=fail)."
                    + " The best attempt: The chapter has 8 words; write between 240 and 480"
                    + " (about 300).",
                1,
                ChapterLine.START,
                1));
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.FAILED);
  }

  @Test
  void answersThatAreNeverJsonFailTheBookWithInvalidModelOutput() {
    line = new ChapterLine();
    line.story.writer((n, attempt) -> "Once upon a time, a lighthouse.");

    line.analysisReady(BOOK, 3, 2);

    assertThat(line.failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                BOOK,
                "WRITE",
                "INVALID_MODEL_OUTPUT",
                "The text model writer:test answered chapter 1 3 times without the JSON asked for"
                    + " ({\"title\", \"text\"}). Its last answer began: Once upon a time, a"
                    + " lighthouse. Try a model that follows JSON schemas (model.text).",
                1,
                ChapterLine.START,
                1));
    assertThat(line.models.requestsTo(StoryModel.JUDGE)).isEmpty();
  }

  @Test
  void promptOfChapterThreeHoldsTheArcSummaryAndTheRetrievedChunks() {
    line = new ChapterLine();
    line.memory.answerWith(
        q ->
            List.of(
                new MemoryHit(
                    BOOK, MemoryKind.CHAPTER, 2, 0, "The bell rang twice.", List.of(), 0.9),
                new MemoryHit(
                    BOOK, MemoryKind.CHAPTER, 1, 3, "Mira hid the map.", List.of(), 0.8)));
    line.analysisReady(BOOK, 5, 2);
    line.chapterIndexed(BOOK, 1);
    line.chapterIndexed(BOOK, 2);

    line.arcSummarized(BOOK, 1, 2);

    ModelRequest third = line.writerRequests().get(2);
    String endOfTwo = ChapterPrompt.lastWords(StoryModel.text(2, 1));
    // What never changes for the book is the system message, the same for every chapter.
    assertThat(third.system())
        .startsWith(ChapterPrompt.SYSTEM)
        .isEqualTo(line.writerRequests().get(0).system())
        .contains(
            "A book of 5 chapters titled \"The Lighthouse\".",
            "Setting: a lighthouse on a cliff at dusk",
            "Characters: Mira, the keeper",
            "Mood to keep throughout: eerie and hopeful",
            "- the storm that will not pass",
            "About 300 words (no fewer than 240, no more than 480)",
            "title",
            "(language tag en)");
    // Then what grows, then what changes, and this chapter's instruction last.
    String prompt = third.prompt();
    assertThat(prompt)
        .startsWith("THE STORY SO FAR\nChapters 1-2: " + ChapterLine.summaryOf(1, 2))
        .contains(
            "The previous chapter ended: \"..." + endOfTwo + "\"",
            "[chapter 2] The bell rang twice.",
            "[chapter 1] Mira hid the map.",
            "make the stakes higher than in chapter 2",
            "End the chapter on a cliffhanger")
        .containsSubsequence("THE STORY SO FAR", "PASSAGES FROM EARLIER", "THIS CHAPTER")
        .contains("\nTHIS CHAPTER\nWrite chapter 3 of 5.");
    // Story memory is asked about the coming beat and the cast it names, over every chapter
    // before (not the picture, which the system message carries), three times k for a choice.
    assertThat(line.memory.queries().get(2))
        .isEqualTo(
            new MemoryQuery(
                BOOK,
                StoryModel.beat(3)
                    + " "
                    + StoryModel.ending(3)
                    + "\nMira: the keeper's daughter, who wants to light the lamp",
                9,
                1,
                2,
                EnumSet.allOf(MemoryKind.class)));
  }

  /**
   * The writer's requests of chapters 1 to 3 of a book of so many chapters in one arc of five: its
   * first two chapters indexed, so the third is written.
   */
  private List<ModelRequest> firstThreeDrafts(int chapters) {
    line = new ChapterLine();
    line.analysisReady(BOOK, chapters, 5);
    line.chapterIndexed(BOOK, 1);
    line.chapterIndexed(BOOK, 2);
    return line.writerRequests();
  }

  @Test
  void consecutiveChaptersOfAnArcShareTheirPromptUntilWhatChangesPerChapter() {
    List<ModelRequest> drafts = firstThreeDrafts(5);
    String second = drafts.get(1).system() + "\n" + drafts.get(1).prompt();
    String third = drafts.get(2).system() + "\n" + drafts.get(2).prompt();
    int shared = 0;
    while (shared < second.length() && second.charAt(shared) == third.charAt(shared)) {
      shared++;
    }

    // A server's prefix cache reuses the system message, the arc's plan and what chapter 1 set and
    // how it ended; the chapter's own parts come after them.
    String prefix = third.substring(0, shared);
    assertThat(prefix)
        .contains(
            "THE PLAN OF CHAPTERS 1-5\n- Chapter 1: " + StoryModel.beat(1),
            "- Chapter 5: " + StoryModel.beat(5),
            "Chapter 1:\n- new: Captain Rourke",
            "- " + StoryModel.fact(1) + "\n")
        .containsSubsequence("Chapter 1:\n", "It ended: \"...")
        .doesNotContain("Write chapter", "Chapter 2:\n");
    assertThat(third.substring(shared))
        .containsSubsequence(
            "Chapter 2:\n",
            "It ended: \"...",
            "THIS CHAPTER\nWrite chapter 3 of 5. Carry on from where chapter 2 ended, above.")
        .contains("The plan for this chapter: " + StoryModel.beat(3));
  }

  @Test
  void lastChapterPromptResolvesTheMainConflictWithoutACliffhanger() {
    List<String> prompts = firstThreeDrafts(3).stream().map(ModelRequest::prompt).toList();

    assertThat(prompts).hasSize(3);
    assertThat(prompts.subList(0, 2)).allSatisfy(p -> assertThat(p).contains("cliffhanger"));
    assertThat(prompts.get(2))
        .doesNotContainIgnoringCase("cliffhanger")
        .contains(
            "This is the last chapter: resolve the main conflict ("
                + StoryModel.MAIN_CONFLICT
                + ")");
  }

  @Test
  void bookFailedByAnotherServiceIsClosedAndNothingMoreIsWritten() {
    line = new ChapterLine();
    line.analysisReady(BOOK, 3, 2);
    line.chapters.readValuesToList();

    line.bookFailed(
        new BookFailed(BOOK, "INDEX", "STORE_UNAVAILABLE", "Qdrant is down", 1, Instant.EPOCH, 1));
    line.chapterIndexed(BOOK, 1);
    line.advance(Duration.ofHours(2));

    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.failed.isEmpty()).as("no BookFailed re-emitted").isTrue();
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.FAILED);
    assertThat(line.state(BOOK).getOutcome()).isEqualTo("STORE_UNAVAILABLE");
  }

  @Test
  void bookFailedBeforeItsAnalysisArrivesIsNeverStarted() {
    line = new ChapterLine();
    line.bookFailed(
        new BookFailed(
            BOOK, "ANALYZE", "IMAGE_UNREADABLE", "Not an image", null, Instant.EPOCH, 1));

    line.analysisReady(BOOK, 3, 2);

    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.models.requests()).isEmpty();
  }

  @Test
  void stalledBookFailsNamingTheChapterItWaitedToBeIndexed() {
    line = new ChapterLine(Map.of("chapter.stall.timeout", "30m"));
    line.analysisReady(BOOK, 3, 2);

    line.advance(Duration.ofMinutes(29));
    assertThat(line.failed.isEmpty()).isTrue();
    line.advance(Duration.ofMinutes(2));

    assertThat(line.failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                BOOK,
                "INDEX",
                "STALLED",
                "The book made no progress for PT30M (chapter.stall.timeout): it was waiting for"
                    + " ChapterIndexed 1 (chapter 1 to be indexed in story memory by"
                    + " indexer-service). Check that indexer-service is running and look at its"
                    + " logs and its dead-letter topic, then submit the picture again.",
                1,
                ChapterLine.START.plus(Duration.ofMinutes(31)),
                1));
    line.chapterIndexed(BOOK, 1);
    assertThat(line.chapters.readValuesToList()).hasSize(1);
  }

  @Test
  void stalledBookWaitingForItsArcSummaryFailsAtTheSummarizeStage() {
    line = new ChapterLine(Map.of("chapter.stall.timeout", "10m"));
    line.analysisReady(BOOK, 3, 1);
    line.chapterIndexed(BOOK, 1);

    line.advance(Duration.ofMinutes(11));

    BookFailed failed = line.failed.readValue();
    assertThat(failed.getStage()).isEqualTo("SUMMARIZE");
    assertThat(failed.getReason()).isEqualTo("STALLED");
    assertThat(failed.getChapterNumber()).isEqualTo(1);
    assertThat(failed.getMessage())
        .contains(
            "waiting for ArcSummarized 1 (the summary of chapters 1-1 from summarizer-service)");
  }

  /**
   * Book book-a failed, alone, as its first chapter's model server could not answer after four
   * tries, with this cause and fix.
   */
  private void assertBookAFailedAtChapterOne(String causeAndFix) {
    assertThat(line.failed.readValuesToList())
        .containsExactly(
            new BookFailed(
                "book-a",
                "WRITE",
                "MODEL_UNAVAILABLE",
                "The model server could not answer for chapter 1 (UNAVAILABLE after 4 tries): "
                    + causeAndFix,
                1,
                ChapterLine.START,
                1));
  }

  /** What a model server that is not running answers at {@code where}. */
  private static ModelException refused(String where) {
    return new ModelException(
        ModelException.Kind.UNAVAILABLE, "Connection refused: " + where, 4, null);
  }

  @Test
  void anUnavailableOpenAiServerIsNamedWithTheOpenAiKeysNotOllamas() {
    line =
        new ChapterLine(
            Map.of("model.provider", "openai", "openai.base.url", "http://localhost:8000/v1"));
    line.story.writer(
        (n, attempt) -> {
          throw refused("localhost:8000");
        });

    line.analysisReady("book-a", 3, 2);

    assertBookAFailedAtChapterOne(
        "Connection refused: localhost:8000. Fix: check that the OpenAI-compatible"
            + " server at http://localhost:8000/v1 (openai.base.url) is up, is given"
            + " openai.api.key if it wants a key, and serves writer:test and judge:test"
            + " (model.text, model.judge), then submit the picture again.");
  }

  @Test
  void unavailableModelFailsThatBookAndTheNextBookStillProceeds() {
    line = new ChapterLine();
    line.story.writer(
        (n, attempt) -> {
          if (line.writerRequests().size() == 1) {
            throw refused("localhost:11434");
          }
          return StoryModel.chapterJson(n, attempt);
        });

    line.analysisReady("book-a", 3, 2);
    line.analysisReady("book-b", 3, 2);

    assertBookAFailedAtChapterOne(
        "Connection refused: localhost:11434. Fix: start Ollama where OLLAMA_HOST"
            + " (ollama.host) points and pull writer:test and judge:test (ollama pull"
            + " <model>; set by model.text, model.judge), then submit the picture again.");
    List<ChapterWritten> written = line.chapters.readValuesToList();
    assertThat(written).extracting(ChapterWritten::getBookId).containsExactly("book-b");
    assertThat(
            line.registry
                .get("fablestream.books.failed")
                .tags("reason", "MODEL_UNAVAILABLE", "stage", "WRITE")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void closedBooksAreForgottenAfterTheRetention() {
    line = new ChapterLine(Map.of("chapter.closed.retention", "1h"));
    line.analysisReady(BOOK, 1, 1);
    line.chapterIndexed(BOOK, 1);
    line.arcSummarized(BOOK, 1, 1);
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(line.texts(BOOK)).hasSize(1);

    line.advance(Duration.ofMinutes(59));
    assertThat(line.state(BOOK)).as("revisable for an hour").isNotNull();
    line.advance(Duration.ofMinutes(2));

    assertThat(line.state(BOOK)).isNull();
    assertThat(line.texts(BOOK)).isEmpty();
  }

  @Test
  void manyBooksThroughTheLineLeaveEveryStoreEmptyOnceTheirRetentionIsOver() {
    line = new ChapterLine(Map.of("chapter.closed.retention", "1h"));
    for (int b = 0; b < 20; b++) {
      String book = "book-" + b;
      line.analysisReady(book, 2, 1);
      line.chapterIndexed(book, 1);
      line.arcSummarized(book, 1, 1);
      line.chapterIndexed(book, 2);
      line.arcSummarized(book, 2, 2);
    }
    assertThat(line.completed.readValuesToList()).hasSize(20);
    assertThat(entries(line.driver, ChapterService.STORE)).isEqualTo(20);
    assertThat(entries(line.driver, ChapterService.TEXTS_STORE)).isEqualTo(40);

    line.advance(Duration.ofMinutes(61));

    assertThat(entries(line.driver, ChapterService.STORE)).isZero();
    assertThat(entries(line.driver, ChapterService.TEXTS_STORE)).isZero();
    assertThat(line.pendingCalls()).isEmpty();
  }

  /** How many entries a store holds, counted (RocksDB's own count is an estimate). */
  private static long entries(org.apache.kafka.streams.TopologyTestDriver driver, String store) {
    try (var all = driver.getKeyValueStore(store).all()) {
      long n = 0;
      while (all.hasNext()) {
        all.next();
        n++;
      }
      return n;
    }
  }
}
