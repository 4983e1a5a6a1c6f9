package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.StepPhase;
import io.fablestream.events.BookFailed;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallSlots;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * chapter-service's calls leave the stream thread: with slots the test runs by hand, a book's
 * chapter is a call pending in the ledger and in the book's step until its answer comes back, and
 * only then does anything reach a topic.
 */
class ChapterCallsTest extends ChapterLineTest {
  private static final String BOOK = "book-1";

  /** The model's slot and story memory's, run by the test. */
  private final Queue<Runnable> modelSlot = new ArrayDeque<>();

  private final Queue<Runnable> ioSlot = new ArrayDeque<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ChapterLine lineWithSlotsRunByHand(Map<String, String> config) {
    return new ChapterLine(
        config,
        new CallLanes(
            CallSlots.on("model", modelSlot::add, registry),
            CallSlots.on("io", ioSlot::add, registry)));
  }

  private static void run(Queue<Runnable> slot) {
    while (!slot.isEmpty()) {
      slot.poll().run();
    }
  }

  @Test
  void aChapterIsPendingCallsUntilTheirAnswersAreBackThenItIsPublished() {
    line = lineWithSlotsRunByHand(Map.of());

    line.analysisReady(BOOK, 3, 2);

    assertThat(line.pendingCalls()).containsExactly(BOOK + "/r1/plan");
    assertThat(line.state(BOOK).getStep()).as("no chapter before the plan").isNull();
    assertThat(line.models.requests()).as("the planner is queued, not asked").isEmpty();
    run(modelSlot);
    line.settle();

    assertThat(line.pendingCalls()).containsExactly(BOOK + "/r1/ch1/recall");
    assertThat(line.state(BOOK).getStep().getPhase()).isEqualTo(StepPhase.RECALL);
    assertThat(line.writerRequests()).isEmpty();

    run(ioSlot);
    line.settle();
    assertThat(line.pendingCalls()).containsExactly(BOOK + "/r1/ch1/a1/write");
    assertThat(line.state(BOOK).getStep().getPhase()).isEqualTo(StepPhase.WRITE);
    assertThat(line.writerRequests()).as("the writer is queued, not asked").isEmpty();
    assertThat(line.chapters.isEmpty()).isTrue();

    run(modelSlot);
    line.settle();
    assertThat(line.pendingCalls()).containsExactly(BOOK + "/r1/ch1/a1/judge");
    assertThat(line.state(BOOK).getStep().getDraftText()).isEqualTo(StoryModel.text(1, 1));
    assertThat(line.chapters.isEmpty()).isTrue();

    run(modelSlot);
    line.settle();
    assertThat(line.pendingCalls()).isEmpty();
    assertThat(line.state(BOOK).getStep()).isNull();
    assertThat(line.chapters.readValuesToList())
        .containsExactly(ChapterLine.passedChapter(BOOK, 1, 3, 1));
  }

  @Test
  void manyBooksOfOnePartitionAreWrittenAtTheSameTime() {
    line = lineWithSlotsRunByHand(Map.of());

    line.analysisReady("book-a", 3, 2);
    line.analysisReady("book-b", 3, 2);
    line.analysisReady("book-c", 3, 2);
    run(modelSlot);
    line.settle();

    assertThat(line.pendingCalls())
        .containsExactlyInAnyOrder(
            "book-a/r1/ch1/recall", "book-b/r1/ch1/recall", "book-c/r1/ch1/recall");
    run(ioSlot);
    line.settle();
    assertThat(
            registry
                .get("fablestream.calls.queued")
                .tags("lane", "model", "service", "chapter")
                .gauge()
                .value())
        .isEqualTo(3);
  }

  @Test
  void aBookWhoseCallWaitsBehindOtherBooksIsNotStalled() {
    line = lineWithSlotsRunByHand(Map.of("chapter.stall.timeout", "10m"));
    line.analysisReady(BOOK, 3, 2);
    run(modelSlot);
    line.settle();
    run(ioSlot);
    line.settle();

    line.advance(Duration.ofMinutes(30));

    assertThat(line.failed.isEmpty()).isTrue();
    assertThat(line.pendingCalls()).containsExactly(BOOK + "/r1/ch1/a1/write");
    run(modelSlot);
    line.settle();
    run(modelSlot);
    line.settle();
    assertThat(line.chapters.readValuesToList()).hasSize(1);
  }

  @Test
  void anAnswerForABookThatFailedMeanwhileIsDroppedAndItsQueuedCallNeverRuns() {
    line = lineWithSlotsRunByHand(Map.of());
    line.analysisReady(BOOK, 3, 2);
    run(ioSlot);
    line.settle();

    line.bookFailed(
        new BookFailed(BOOK, "INDEX", "STORE_UNAVAILABLE", "down", null, ChapterLine.START, 1));
    run(modelSlot);
    line.settle();

    assertThat(line.models.requests()).isEmpty();
    assertThat(line.pendingCalls()).isEmpty();
    assertThat(line.chapters.isEmpty()).isTrue();
  }

  @Test
  void aBugWhileApplyingAnAnswerFailsThatBookWithInternalErrorAndTheNextBookGoesOn() {
    line = new ChapterLine();
    line.memory.answerWith(
        (MemoryQuery q) -> {
          if (q.bookId().equals("book-a")) {
            throw new IllegalStateException("a bug in the store adapter");
          }
          return List.<MemoryHit>of();
        });

    line.analysisReady("book-a", 3, 2);
    line.analysisReady("book-b", 3, 2);

    BookFailed failed = line.failed.readValue();
    assertThat(failed.getBookId()).isEqualTo("book-a");
    assertThat(failed.getReason()).isEqualTo("INTERNAL_ERROR");
    assertThat(failed.getMessage())
        .contains("IllegalStateException")
        .doesNotContain("a bug in the store adapter");
    assertThat(line.failed.isEmpty()).isTrue();
    assertThat(line.chapters.readValuesToList())
        .extracting(c -> c.getBookId())
        .containsExactly("book-b");
  }
}
