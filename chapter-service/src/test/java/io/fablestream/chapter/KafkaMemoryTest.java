package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.MemoryChunk;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.ExactSearch;
import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoredChunk;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.memory.configured.StoryMemories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Story memory kept in Kafka ({@code memory.store=kafka}): the chunks and vectors ride on
 * ChapterIndexed, chapter-service keeps them per book in its own changelogged store and searches
 * them there, with the query embedded by the real MiniLM embedder, as in a process of its own.
 */
class KafkaMemoryTest extends ChapterLineTest {
  private static final String BOOK = "book-km";
  private static final String MAP_PASSAGE =
      "Mira climbed the spiral stairs of the tower and found the old map folded behind the"
          + " keeper's lantern.";
  private static final List<String> OTHER_PASSAGES =
      List.of(
          "The baker in the valley sold warm bread to the fishermen every morning.",
          "Rain fell on the harbour all week, and the boats stayed tied to the pier.",
          "A choir practised hymns in the chapel while the children played outside.",
          "The merchant counted his silver coins twice before locking the chest.",
          "Goats wandered across the meadow, their bells ringing in the afternoon heat.",
          "The schoolteacher wrote long division on the blackboard in white chalk.");

  private static StoryMemory memory;

  @BeforeAll
  static void openMemory() {
    memory =
        StoryMemories.open(Config.of(Map.of("memory.store", "kafka")), new SimpleMeterRegistry());
    assertThat(memory.keptInKafka()).isTrue();
  }

  @AfterAll
  static void closeMemory() {
    memory.close();
  }

  @Test
  void chapterThreeRecallsAPassageOfChapterOneThatArrivedOnChapterIndexed() {
    line = new ChapterLine(Map.of(), null, memory);
    line.analysisReady(BOOK, 4, 2);
    indexed(1, 1, List.of(OTHER_PASSAGES.get(0), MAP_PASSAGE, OTHER_PASSAGES.get(1)));
    indexed(2, 1, OTHER_PASSAGES.subList(2, 6));

    line.arcSummarized(BOOK, 1, 2);

    assertThat(chunks()).isEqualTo(7);
    // Chapter 3's prompt, whatever calls (the plan, chapters 1 and 2) the writer had before it.
    assertThat(line.models.requestsTo(StoryModel.WRITER))
        .filteredOn(request -> request.prompt().contains("Write chapter 3 of 4"))
        .singleElement()
        .satisfies(request -> assertThat(request.prompt()).contains("[chapter 1] " + MAP_PASSAGE));
  }

  @Test
  void aChapterIndexedAgainReplacesItAndEveryLaterOneAndAClosedBookIsForgotten() {
    line = new ChapterLine(Map.of("chapter.closed.retention", "1h"), null, memory);
    line.analysisReady(BOOK, 2, 2);
    indexed(1, 1, OTHER_PASSAGES.subList(0, 3));
    assertThat(chunks()).isEqualTo(3);
    indexed(2, 1, OTHER_PASSAGES.subList(3, 5));
    line.arcSummarized(BOOK, 1, 2);
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(chunks()).isEqualTo(5);

    line.revision(
        BookRevisionRequested.newBuilder()
            .setBookId(BOOK)
            .setRevision(2)
            .setFromChapter(1)
            .setInstruction("make it rain")
            .setRequestedAt(ChapterLine.START)
            .build());
    indexed(1, 2, List.of(MAP_PASSAGE));

    assertThat(chunks()).as("chapter 1 anew, chapter 2 of revision 1 gone").isEqualTo(1);

    indexed(2, 2, List.of(OTHER_PASSAGES.get(5)));
    line.arcSummarized(BOOK, 1, 2, 2);
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(chunks()).isEqualTo(2);
    line.advance(Duration.ofMinutes(61));
    assertThat(line.state(BOOK)).isNull();
    assertThat(chunks()).isZero();
  }

  /**
   * ChapterIndexed of a chapter, carrying these passages as its chunks, as the indexer makes them.
   */
  private void indexed(int chapter, int revision, List<String> passages) {
    List<MemoryChunk> chunks = new ArrayList<>();
    for (String passage : passages) {
      StoredChunk made =
          memory
              .prepare(new MemoryDocument(BOOK, MemoryKind.CHAPTER, chapter, passage, List.of()))
              .get(0);
      chunks.add(
          new MemoryChunk(
              chunks.size(), made.text(), made.keywords(), ExactSearch.toBytes(made.vector())));
    }
    line.indexed.pipeInput(
        BOOK, new ChapterIndexed(BOOK, chapter, chunks.size(), revision, chunks));
    line.settle();
  }

  private long chunks() {
    KeyValueStore<String, MemoryChunk> store =
        line.driver.getKeyValueStore(ChapterService.CHUNKS_STORE);
    long n = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }
}
