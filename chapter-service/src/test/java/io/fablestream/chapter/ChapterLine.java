package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.MutableClock;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.Usage;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.schemas.BookLanguage;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * chapter-service's topology under TopologyTestDriver, with a scripted model, a recording story
 * memory and a clock the test moves: the inputs, the outputs, and the events a book is made of.
 */
final class ChapterLine implements AutoCloseable {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant SUBMITTED = START.minusSeconds(10);
  static final List<String> CONFLICTS =
      List.of("the storm that will not pass", "the keeper's secret");
  static final Usage ANALYSIS_USAGE = new Usage(100, 50, 1000, 1);
  static final Usage SUMMARY_USAGE = new Usage(30, 15, 300, 1);
  static final String SYNOPSIS =
      "Mira climbs the tower, learns the keeper's secret and outlasts the storm.";

  /** What one call of the scripted gateway costs. */
  static final Usage CALL = new Usage(10, 20, 100, 1);

  final MutableClock clock = new MutableClock(START);
  final StoryModel story = new StoryModel();
  final ScriptedModelGateway models = new ScriptedModelGateway(story);
  final RecordingStoryMemory memory = new RecordingStoryMemory();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ChapterSettings settings;
  private final boolean callsRunAtOnce;
  final TopologyTestDriver driver;
  final TestInputTopic<String, AnalysisReady> analysis;
  final TestInputTopic<String, ChapterIndexed> indexed;
  final TestInputTopic<String, ArcSummarized> summarized;
  final TestInputTopic<String, BookFailed> failedIn;
  final TestInputTopic<String, BookRevisionRequested> revisions;
  final TestOutputTopic<String, ChapterWritten> chapters;
  final TestOutputTopic<String, BookCompleted> completed;
  final TestOutputTopic<String, BookFailed> failed;
  final TestInputTopic<String, io.fablestream.events.BookPlanned> plansIn;
  final TestOutputTopic<String, io.fablestream.events.BookPlanned> planned;
  final TestOutputTopic<String, io.fablestream.events.ChapterIllustrated> illustrated;

  ChapterLine() {
    this(Map.of());
  }

  ChapterLine(Map<String, String> config) {
    this(config, null);
  }

  /**
   * @param lanes where the calls run; null for lanes that run each call when it is issued
   */
  ChapterLine(Map<String, String> config, CallLanes lanes) {
    this(config, lanes, null);
  }

  /**
   * @param lanes where the calls run; null for lanes that run each call when it is issued
   * @param storyMemory the story memory the service uses; null for {@link #memory}
   */
  ChapterLine(Map<String, String> config, CallLanes lanes, StoryMemory storyMemory) {
    this(config, lanes, storyMemory, null);
  }

  /**
   * @param lanes where the calls run; null for lanes that run each call when it is issued
   * @param storyMemory the story memory the service uses; null for {@link #memory}
   * @param images the image model that draws the chapters' illustrations; null for none
   */
  ChapterLine(
      Map<String, String> config, CallLanes lanes, StoryMemory storyMemory, ImageGateway images) {
    callsRunAtOnce = lanes == null;
    Map<String, String> values = new HashMap<>();
    values.put("ollama.text.model", StoryModel.WRITER);
    values.put("ollama.judge.model", StoryModel.JUDGE);
    values.putAll(config);
    settings = ChapterSettings.from(Config.of(values));
    driver =
        TestDrivers.start(
            new ChapterService(
                new ServiceContext(
                    Config.of(values),
                    registry,
                    clock,
                    lanes != null ? lanes : CallLanes.direct(registry)),
                models,
                storyMemory != null ? storyMemory : memory,
                settings,
                Optional.ofNullable(images),
                IllustrationSettings.from(Config.of(values))),
            START);
    analysis = input(Topics.ANALYSIS_READY);
    indexed = input(Topics.CHAPTERS_INDEXED);
    summarized = input(Topics.ARCS_SUMMARIZED);
    failedIn = input(Topics.BOOKS_FAILED);
    revisions = input(Topics.BOOKS_REVISIONS);
    chapters = output(Topics.CHAPTERS_WRITTEN);
    completed = output(Topics.BOOKS_COMPLETED);
    failed = output(Topics.BOOKS_FAILED);
    plansIn = input(Topics.BOOKS_PLANNED);
    planned = output(Topics.BOOKS_PLANNED);
    illustrated = output(Topics.CHAPTERS_ILLUSTRATED);
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
    return TestDrivers.input(driver, topic);
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
    return TestDrivers.output(driver, topic);
  }

  /** Moves the service's clock and the driver's wall clock together. */
  void advance(Duration by) {
    clock.advance(by);
    driver.advanceWallClockTime(by);
    settle();
  }

  /**
   * Lets the calls in flight come back, and their next calls too, when the calls run as they are
   * issued; with lanes the test runs, applies what has come back so far.
   */
  void settle() {
    if (callsRunAtOnce) {
      Settle.settle(driver);
    } else {
      driver.advanceWallClockTime(CallLedger.DRAIN_INTERVAL);
    }
  }

  /** The calls waiting for their answers, as bookId/callId. */
  List<String> pendingCalls() {
    return Settle.pending(driver);
  }

  void analysisReady(String bookId, int chapterCount, int arcLength) {
    analysis.pipeInput(bookId, analysisOf(bookId, chapterCount, arcLength));
    settle();
  }

  void chapterIndexed(String bookId, int chapter) {
    chapterIndexed(bookId, chapter, 1);
  }

  void chapterIndexed(String bookId, int chapter, int revision) {
    indexed.pipeInput(bookId, new ChapterIndexed(bookId, chapter, 2, revision, List.of()));
    settle();
  }

  /**
   * Indexes chapters 1 to {@code last} of a book and summarises each arc of {@code arcLength} as
   * its last chapter is indexed, as indexer-service and summarizer-service would.
   */
  void indexAndSummarize(String bookId, int last, int arcLength) {
    for (int chapter = 1; chapter <= last; chapter++) {
      chapterIndexed(bookId, chapter);
      if (chapter % arcLength == 0) {
        arcSummarized(bookId, chapter - arcLength + 1, chapter);
      }
    }
  }

  /** The summary of an arc; the one of the book's last arc carries the synopsis. */
  void arcSummarized(String bookId, int from, int through) {
    arcSummarized(bookId, from, through, 1);
  }

  void arcSummarized(String bookId, int from, int through, int revision) {
    BookState book = state(bookId);
    boolean last = book != null && through == book.getChapterCount();
    summarized.pipeInput(
        bookId,
        new ArcSummarized(
            bookId,
            from,
            through,
            summaryOf(from, through),
            "writer:test",
            SUMMARY_USAGE.toEvent(),
            revision,
            last ? SYNOPSIS : null,
            null));
    settle();
  }

  void bookFailed(BookFailed failed) {
    failedIn.pipeInput(failed.getBookId(), failed);
    settle();
  }

  void revision(BookRevisionRequested request) {
    revisions.pipeInput(request.getBookId(), request);
    settle();
  }

  /** The chapters this service keeps of a book, in order. */
  List<ChapterText> texts(String bookId) {
    List<ChapterText> texts = new java.util.ArrayList<>();
    try (var all = driver.<String, ChapterText>getKeyValueStore(ChapterService.TEXTS_STORE).all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.key.startsWith(bookId + "\u0000")) {
              texts.add(kv.value);
            }
          });
    }
    return texts;
  }

  /** The writer's requests (chapters and their parts), without the planning calls. */
  List<io.fablestream.platform.model.ModelRequest> writerRequests() {
    return models.requestsTo(StoryModel.WRITER).stream()
        .filter(r -> !r.prompt().startsWith(PlanPrompt.OPENING))
        .toList();
  }

  /** The planning calls' requests. */
  List<io.fablestream.platform.model.ModelRequest> planRequests() {
    return models.requestsTo(StoryModel.WRITER).stream()
        .filter(r -> r.prompt().startsWith(PlanPrompt.OPENING))
        .toList();
  }

  BookState state(String bookId) {
    return driver.<String, BookState>getKeyValueStore(ChapterService.STORE).get(bookId);
  }

  static String summaryOf(int from, int through) {
    return "Chapters " + from + " to " + through + ": Mira climbed the tower and found the map.";
  }

  static AnalysisReady analysisOf(String bookId, int chapterCount, int arcLength) {
    return AnalysisReady.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(SUBMITTED)
        .setTitle("The Lighthouse")
        .setChapterCount(chapterCount)
        .setArcLength(arcLength)
        .setWordsPerChapter(300)
        .setRequestedBy("tester")
        .setAnalysis(imageAnalysis())
        .setModel("llava:7b")
        .setUsage(ANALYSIS_USAGE.toEvent())
        .build();
  }

  static ImageAnalysis imageAnalysis() {
    return ImageAnalysis.newBuilder()
        .setSetting("a lighthouse on a cliff at dusk")
        .setCharacters(List.of("Mira", "the keeper"))
        .setMood("eerie and hopeful")
        .setObjects(List.of("lantern", "map"))
        .setPotentialConflicts(CONFLICTS)
        .build();
  }

  /** The chapter the default script writes when attempt {@code attempt} passes. */
  static ChapterWritten passedChapter(String bookId, int n, int count, int attempt) {
    return chapter(
        bookId,
        n,
        count,
        StoryModel.text(n, attempt),
        attempt,
        ChapterValidation.newBuilder()
            .setMoodScore(1.0)
            .setConflictCount(1)
            .setPassed(true)
            .setAdvancedConflicts(List.of(CONFLICTS.get(0)))
            .setTone(5)
            .build(),
        draftsUsage(n, attempt));
  }

  /**
   * What the default script's calls for chapter n cost through attempt {@code attempt}: each draft
   * as the tokenizer charged it, and a judge's call each.
   */
  static Usage draftsUsage(int n, int attempt) {
    Usage total = Usage.NONE;
    for (int a = 1; a <= attempt; a++) {
      total = total.plus(StoryModel.writerUsage(n, a)).plus(CALL);
    }
    return total;
  }

  static ChapterWritten chapter(
      String bookId,
      int n,
      int count,
      String text,
      int attempts,
      ChapterValidation validation,
      Usage usage) {
    return ChapterWritten.newBuilder()
        .setBookId(bookId)
        .setChapterNumber(n)
        .setChapterCount(count)
        .setTitle(StoryModel.title(n))
        .setText(text)
        .setWordCount(BookLanguage.wordsIn(text))
        .setKeywords(new KeywordExtractor(8).keywords(text))
        .setAttempts(attempts)
        .setValidation(validation)
        .setModel(StoryModel.WRITER)
        .setUsage(usage.toEvent())
        .setSummary(StoryModel.summary(n))
        .build();
  }

  @Override
  public void close() {
    driver.close();
  }
}
