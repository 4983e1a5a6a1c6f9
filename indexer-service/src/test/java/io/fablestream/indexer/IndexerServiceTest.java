package io.fablestream.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ModelUsage;
import io.fablestream.platform.MutableClock;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.events.TestChapters;
import io.fablestream.platform.memory.Chunker;
import io.fablestream.platform.memory.DefaultStoryMemory;
import io.fablestream.platform.memory.ExactSearch;
import io.fablestream.platform.memory.KafkaVectorStore;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreRetry;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.memory.VectorStore;
import io.fablestream.platform.memory.configured.StoryMemories;
import io.fablestream.platform.memory.embed.MiniLmEmbedder;
import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexer's topology on TopologyTestDriver, with real story memory (MiniLM on Lucene). */
class IndexerServiceTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final StoreRetry RETRY = new StoreRetry(4, Duration.ofMillis(500));
  private static final String CHAPTER_ONE =
      "Mira found the blue lantern in the ferryman's hut at the edge of the marsh. Its glass was"
          + " cracked, but when she struck a match the flame burned without smoke, and the reeds"
          + " around the hut bent towards it as if listening. The ferryman, a thin man called"
          + " Osric, said the lantern had belonged to the lighthouse on Crow Island before the"
          + " storm took the tower.\n\n"
          + "That night Mira carried the lantern across the wooden bridge to the village. Every"
          + " dog in Fenwick barked at once, and the old clock on the church stopped at nine."
          + " Nobody could say why, but the baker swore that the river had run backwards for a"
          + " moment, and the miller's daughter saw a silver fish leap over the weir three times.";
  private static final String CHAPTER_TWO =
      "In the morning Osric rowed Mira to Crow Island, where the broken lighthouse stood among"
          + " gulls. Inside, on the lowest step, lay a brass key stamped with a crescent moon.";

  private static MiniLmEmbedder embedder;

  @TempDir Path dir;

  private FlakyStoryMemory memory;
  private final MutableClock clock = new MutableClock(NOW);
  private TestInputTopic<String, BookCompleted> booksCompleted;
  private final List<Duration> waits = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, ChapterWritten> chaptersWritten;
  private TestInputTopic<String, AnalysisReady> analysisReady;
  private TestOutputTopic<String, ChapterIndexed> chaptersIndexed;
  private TestOutputTopic<String, BookFailed> booksFailed;

  @BeforeAll
  static void loadModel() {
    embedder = new MiniLmEmbedder();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  /** Story memory on this store, with the shared embedder: closing it closes only the store. */
  private static DefaultStoryMemory memoryOn(VectorStore store) {
    return new DefaultStoryMemory(
        new Chunker(500, 50),
        new SharedEmbedder(embedder),
        store,
        new SimpleMeterRegistry(),
        Tags.empty());
  }

  /** The indexer on this memory, its calls run as they are issued, its waits recorded. */
  private IndexerService serviceOn(StoryMemory storyMemory) {
    return new IndexerService(
        ServiceContext.direct(clock, new SimpleMeterRegistry()),
        storyMemory,
        RETRY,
        waits::add,
        Duration.ofDays(30));
  }

  @BeforeEach
  void startDriver() {
    LuceneVectorStore store = new LuceneVectorStore(dir.resolve("memory"));
    store.open(embedder.dimension());
    // The embedder is shared by every test: this memory closes only the store.
    memory = new FlakyStoryMemory(memoryOn(store));
    driver = TestDrivers.start(serviceOn(memory));
    chaptersWritten = TestDrivers.input(driver, Topics.CHAPTERS_WRITTEN);
    analysisReady = TestDrivers.input(driver, Topics.ANALYSIS_READY);
    chaptersIndexed = TestDrivers.output(driver, Topics.CHAPTERS_INDEXED);
    booksFailed = TestDrivers.output(driver, Topics.BOOKS_FAILED);
    booksCompleted = TestDrivers.input(driver, Topics.BOOKS_COMPLETED);
  }

  @AfterEach
  void stopDriver() {
    driver.close();
    memory.close();
  }

  @Test
  void itsStoresKeepTheNamesTheirChangelogTopicsAreNamedAfter() {
    assertThat(driver.getAllStateStores().keySet())
        .containsExactlyInAnyOrder("indexer-calls", "indexer-closed");
  }

  @Test
  void aWrittenChapterIsAnnouncedWithItsChunkCountOnceStored() {
    int expectedChunks = new Chunker(500, 50).split(CHAPTER_ONE).size();

    chaptersWritten.pipeInput("book-1", chapter("book-1", 1, CHAPTER_ONE));
    Settle.settle(driver);

    assertThat(chaptersIndexed.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("book-1", new ChapterIndexed("book-1", 1, expectedChunks, 1, List.of())));
    assertThat(booksFailed.isEmpty()).isTrue();
    assertThat(expectedChunks).isGreaterThan(1);
    assertThat(memory.search(MemoryQuery.of("book-1", "Who is the ferryman?", 1)))
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.kind()).isEqualTo(MemoryKind.CHAPTER);
              assertThat(hit.chapter()).isEqualTo(1);
              assertThat(hit.keywords()).containsExactly("lantern", "marsh");
              assertThat(hit.text()).contains("Osric");
            });
  }

  @Test
  void theSameChapterDeliveredTwiceLeavesOneSetOfChunksAndIsAnnouncedAgain() {
    int expectedChunks = new Chunker(500, 50).split(CHAPTER_ONE).size();
    ChapterWritten chapter = chapter("book-2", 1, CHAPTER_ONE);

    chaptersWritten.pipeInput("book-2", chapter);
    Settle.settle(driver);
    chaptersWritten.pipeInput("book-2", chapter);
    Settle.settle(driver);

    // The repeat is harmless: it states the same fact again, after the store confirmed again.
    ChapterIndexed indexed = new ChapterIndexed("book-2", 1, expectedChunks, 1, List.of());
    assertThat(chaptersIndexed.readKeyValuesToList())
        .containsExactly(KeyValue.pair("book-2", indexed), KeyValue.pair("book-2", indexed));
    List<MemoryHit> everything = memory.search(MemoryQuery.of("book-2", "lantern", 50));
    assertThat(everything)
        .extracting(MemoryHit::chunkIndex)
        .hasSize(expectedChunks)
        .doesNotHaveDuplicates();
  }

  @Test
  void aStoreThatStaysDownFailsTheBookAfterTheRetriesAndTheNextRecordStillGoesThrough() {
    memory.failNext(RETRY.attempts());

    chaptersWritten.pipeInput("book-3", chapter("book-3", 4, CHAPTER_ONE));
    Settle.settle(driver);
    chaptersWritten.pipeInput("book-4", chapter("book-4", 1, CHAPTER_TWO));
    Settle.settle(driver);

    assertThat(booksFailed.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                "book-3",
                new BookFailed(
                    "book-3",
                    "INDEX",
                    "STORE_UNAVAILABLE",
                    "Story memory could not store chapter 4 after 5 attempts (The Lucene index"
                        + " could not write: connection refused). Check that the vector store is"
                        + " running and reachable, then submit the picture again.",
                    4,
                    NOW,
                    1)));
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4));
    assertThat(chaptersIndexed.readKeyValuesToList())
        .containsExactly(KeyValue.pair("book-4", new ChapterIndexed("book-4", 1, 1, 1, List.of())));
    assertThat(memory.search(MemoryQuery.of("book-3", "lantern", 10))).isEmpty();
  }

  @Test
  void aStoreThatComesBackWithinTheRetriesIndexesTheChapter() {
    memory.failNext(2);

    chaptersWritten.pipeInput("book-5", chapter("book-5", 2, CHAPTER_TWO));
    Settle.settle(driver);

    assertThat(chaptersIndexed.readKeyValuesToList())
        .containsExactly(KeyValue.pair("book-5", new ChapterIndexed("book-5", 2, 1, 1, List.of())));
    assertThat(booksFailed.isEmpty()).isTrue();
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void theAnalysisIsStoredAsKindAnalysisInChapterZeroWithNothingAnnounced() {
    analysisReady.pipeInput("book-6", analysis("book-6"));
    Settle.settle(driver);

    assertThat(chaptersIndexed.isEmpty()).isTrue();
    assertThat(booksFailed.isEmpty()).isTrue();
    List<MemoryHit> hits =
        memory.search(
            MemoryQuery.of("book-6", "Who is in the picture?", 3)
                .ofKinds(EnumSet.of(MemoryKind.ANALYSIS)));
    assertThat(hits)
        .singleElement()
        .usingRecursiveComparison()
        .ignoringFields("score")
        .isEqualTo(
            new MemoryHit(
                "book-6",
                MemoryKind.ANALYSIS,
                0,
                0,
                "Setting: a foggy harbour at dawn.\n"
                    + "Characters: an old fisherman, a girl in a red coat.\n"
                    + "Mood: quiet wonder.\n"
                    + "Objects: a rowing boat, a brass compass.\n"
                    + "Conflicts: the tide is turning; the compass points the wrong way.",
                List.of(
                    "an old fisherman", "a girl in a red coat", "a rowing boat", "a brass compass"),
                0));
  }

  @Test
  void withMemoryKeptInKafkaTheAnalysisAndEachChapterRideOnChapterIndexedWithTheirVectors() {
    KafkaVectorStore store = new KafkaVectorStore();
    store.open(embedder.dimension());
    DefaultStoryMemory kafka = memoryOn(store);
    try (TopologyTestDriver line = TestDrivers.start(serviceOn(kafka))) {
      TestDrivers.input(line, Topics.ANALYSIS_READY).pipeInput("book-k", analysis("book-k"));
      TestDrivers.input(line, Topics.CHAPTERS_WRITTEN)
          .pipeInput("book-k", chapter("book-k", 1, CHAPTER_ONE));
      Settle.settle(line);
      List<ChapterIndexed> announced =
          TestDrivers.output(line, Topics.CHAPTERS_INDEXED).readValuesToList();

      int chapterChunks = new Chunker(500, 50).split(CHAPTER_ONE).size();
      assertThat(announced).extracting(ChapterIndexed::getChapterNumber).containsExactly(0, 1);
      ChapterIndexed picture = announced.get(0);
      assertThat(picture.getChunkCount()).isEqualTo(1);
      assertThat(picture.getChunks())
          .singleElement()
          .satisfies(
              chunk -> {
                assertThat(chunk.getText()).startsWith("Setting: a foggy harbour at dawn.");
                assertThat(chunk.getKeywords()).contains("a brass compass");
                assertThat(ExactSearch.fromBytes(chunk.getVector()))
                    .containsExactly(embedder.embed(List.of(chunk.getText())).get(0));
              });
      ChapterIndexed first = announced.get(1);
      assertThat(first.getChunkCount()).isEqualTo(chapterChunks).isGreaterThan(1);
      assertThat(first.getChunks()).hasSize(chapterChunks);
      assertThat(first.getChunks().get(0).getVector().remaining())
          .isEqualTo(embedder.dimension() * Float.BYTES);
      assertThat(
              line.createOutputTopic(
                      Topics.BOOKS_FAILED.name(),
                      Topics.BOOKS_FAILED.keySerde().deserializer(),
                      Topics.BOOKS_FAILED.valueSerde().deserializer())
                  .isEmpty())
          .isTrue();
    }
  }

  @Test
  void anAnalysisTheStoreCannotTakeFailsTheBookWithoutAChapter() {
    memory.failNext(RETRY.attempts());

    analysisReady.pipeInput("book-7", analysis("book-7"));
    Settle.settle(driver);

    assertThat(booksFailed.readKeyValuesToList())
        .extracting(kv -> kv.value)
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.getStage()).isEqualTo("INDEX");
              assertThat(failed.getReason()).isEqualTo("STORE_UNAVAILABLE");
              assertThat(failed.getChapterNumber()).isNull();
              assertThat(failed.getMessage())
                  .startsWith("Story memory could not store the picture's analysis");
            });
  }

  @Test
  void theServiceIsBuiltFromTheConfigAndTheStoryMemoryOfItsProcess() {
    Config config =
        Config.of(
            Map.of(
                "memory.store",
                "lucene",
                "memory.lucene.dir",
                dir.resolve("from-config").toString()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StoryMemory memory = StoryMemories.open(config, registry);
        CallLanes lanes = CallLanes.from(config, registry)) {
      IndexerService service =
          IndexerService.create(
              new ServiceContext(config, registry, Clock.systemUTC(), lanes), memory);

      assertThat(service.name()).isEqualTo("indexer");
      assertThat(service.topology().describe().toString())
          .contains("indexer-loop", "write-fablestream.chapters.indexed");
      assertThat(memory.search(MemoryQuery.of("nobody", "anything", 3))).isEmpty();
    }
  }

  @Test
  void aRevisionsChapterReplacesWhatTheOldRevisionRememberedFromThereOn() {
    for (int n = 1; n <= 4; n++) {
      chaptersWritten.pipeInput("book-8", chapter("book-8", n, CHAPTER_TWO));
    }
    analysisReady.pipeInput("book-8", analysis("book-8"));
    Settle.settle(driver);
    chaptersIndexed.readValuesToList();

    chaptersWritten.pipeInput(
        "book-8",
        ChapterWritten.newBuilder(chapter("book-8", 3, CHAPTER_ONE)).setRevision(2).build());
    Settle.settle(driver);

    assertThat(chaptersIndexed.readValuesToList())
        .extracting(ChapterIndexed::getChapterNumber, ChapterIndexed::getRevision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 2));
    List<MemoryHit> left = memory.search(MemoryQuery.of("book-8", "lantern", 50));
    assertThat(left).extracting(MemoryHit::chapter).containsOnly(0, 1, 2, 3);
    assertThat(left)
        .filteredOn(h -> h.chapter() == 3)
        .allSatisfy(h -> assertThat(CHAPTER_ONE).contains(h.text().strip().substring(0, 20)));
  }

  @Test
  void aClosedBooksChunksAreForgottenAfterTheRetentionAndNotBefore() {
    chaptersWritten.pipeInput("book-9", chapter("book-9", 1, CHAPTER_ONE));
    booksCompleted.pipeInput(
        "book-9",
        BookCompleted.newBuilder()
            .setBookId("book-9")
            .setTitle("T")
            .setAnalysis(analysis("book-9").getAnalysis())
            .setChapters(List.of())
            .setStats(new BookStats(0L, 0L, 0L, 0L, 0, 0, 0L))
            .build());

    clock.advance(Duration.ofDays(29));
    driver.advanceWallClockTime(Duration.ofDays(29));
    Settle.settle(driver);
    assertThat(memory.search(MemoryQuery.of("book-9", "lantern", 50))).isNotEmpty();

    clock.advance(Duration.ofDays(2));
    driver.advanceWallClockTime(Duration.ofDays(2));
    Settle.settle(driver);

    assertThat(memory.search(MemoryQuery.of("book-9", "lantern", 50))).isEmpty();
    assertThat(driver.getKeyValueStore(IndexerService.CLOSED_STORE).approximateNumEntries())
        .isZero();
  }

  private static ChapterWritten chapter(String book, int n, String text) {
    return TestChapters.written(book, n, 5, text)
        .setKeywords(List.of("lantern", "marsh"))
        .setUsage(new ModelUsage(100L, 400L, 2000L, 1))
        .build();
  }

  private static AnalysisReady analysis(String book) {
    return AnalysisReady.newBuilder()
        .setBookId(book)
        .setSubmittedAt(NOW)
        .setAnalysis(
            new ImageAnalysis(
                "a foggy harbour at dawn",
                List.of("an old fisherman", "a girl in a red coat"),
                "quiet wonder",
                List.of("a rowing boat", "a brass compass"),
                List.of("the tide is turning", "the compass points the wrong way")))
        .setModel("llava:7b")
        .setUsage(new ModelUsage(10L, 20L, 300L, 1))
        .build();
  }
}
