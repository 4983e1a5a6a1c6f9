package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A book longer than 12 chapters is planned a part at a time (PlanRule): the first planning call
 * plans whole arcs up to 12 chapters, and one more call before the first chapter of each later arc
 * plans that arc from the plan so far, the story bible and the arc summaries.
 */
class PlanArcsTest extends ChapterLineTest {
  private static final String BOOK = "book-arcs";

  /** The beat the second planning call gives chapter n. */
  private static String arcBeat(int n) {
    return "Mira follows the storm's second voice up stair " + n;
  }

  /** A plan answer of beats 1..chapters, each written by {@code beat}. */
  private static String plan(int chapters, IntFunction<String> beat) {
    String first = StoryModel.planJson(chapters);
    for (int n = 1; n <= chapters; n++) {
      first = first.replace("\"" + StoryModel.beat(n) + "\"", "\"" + beat.apply(n) + "\"");
    }
    return first;
  }

  /**
   * Starts the line with a planner that answers the first call with the default plan and each later
   * call n (from 2) with {@code later[n - 2]}, the last of them from then on.
   */
  @SafeVarargs
  private void planAnswers(IntFunction<String>... later) {
    line = new ChapterLine();
    AtomicInteger calls = new AtomicInteger();
    line.story.planner(
        chapters -> {
          int n = calls.incrementAndGet();
          return n == 1
              ? StoryModel.planJson(chapters)
              : later[Math.min(n - 2, later.length - 1)].apply(chapters);
        });
  }

  /** Writes the book through: every chapter indexed, every arc of 4 summarised. */
  private void writeThrough(int chapters) {
    writeThrough(chapters, 1);
  }

  private void writeThrough(int chapters, int revision) {
    for (int n = line.state(BOOK).getIndexedThrough() + 1; n <= chapters; n++) {
      line.chapterIndexed(BOOK, n, revision);
      if (n % 4 == 0) {
        line.arcSummarized(BOOK, n - 3, n, revision);
      }
    }
  }

  @Test
  void aSixteenChapterBookIsPlannedTwelveChaptersAheadThenItsLastArcBeforeChapterThirteen() {
    planAnswers(chapters -> plan(chapters, PlanArcsTest::arcBeat));

    line.analysisReady(BOOK, 16, 4);

    List<ModelRequest> first = line.planRequests();
    assertThat(first).singleElement();
    assertThat(first.get(0).prompt())
        .contains("beats: exactly 12 beats, chapter 1 to 12", "direction: one line")
        .doesNotContain("16 beats");
    List<BookPlanned> planned = line.planned.readValuesToList();
    assertThat(planned).singleElement();
    assertThat(planned.get(0).getBeats())
        .extracting(PlannedBeat::getChapter)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

    writeThrough(11);
    assertThat(line.planRequests()).as("no second call before the last arc").hasSize(1);
    line.chapterIndexed(BOOK, 12);
    assertThat(line.planRequests()).as("not before the arc's summary").hasSize(1);
    line.arcSummarized(BOOK, 9, 12);

    List<ModelRequest> plans = line.planRequests();
    assertThat(plans).hasSize(2);
    assertThat(plans.get(1).prompt())
        .contains(
            "plan its next chapters, 13 to 16",
            "Chapter 12: " + StoryModel.beat(12),
            ChapterLine.summaryOf(9, 12),
            "THE STORY BIBLE",
            "beats: exactly 4 beats, chapter 13 to 16",
            "Chapter 16 is the last: it resolves the main conflict.");
    List<String> asked =
        line.models.requestsTo(StoryModel.WRITER).stream()
            .map(r -> r.prompt().startsWith(PlanPrompt.OPENING) ? "plan" : "chapter")
            .toList();
    assertThat(asked.subList(12, 15))
        .as("the second plan is asked after chapter 12 and before chapter 13")
        .containsExactly("chapter", "plan", "chapter");

    BookPlanned extended = line.planned.readValue();
    assertThat(extended.getRevision()).isEqualTo(1);
    assertThat(extended.getApproved()).isTrue();
    assertThat(extended.getBeats()).hasSize(16);
    assertThat(extended.getBeats().get(11).getBeat()).isEqualTo(StoryModel.beat(12));
    assertThat(extended.getBeats().get(12).getBeat()).isEqualTo(arcBeat(13));

    writeThrough(16);

    List<ModelRequest> writer = line.writerRequests();
    assertThat(writer).hasSize(16);
    for (int n = 13; n <= 16; n++) {
      assertThat(writer.get(n - 1).prompt())
          .contains("Write chapter " + n + " of 16", "The plan for this chapter: " + arcBeat(n));
    }
    assertThat(writer.get(15).prompt()).contains(StoryModel.MAIN_CONFLICT);
    assertThat(line.planRequests()).hasSize(2);
    assertThat(line.failed.isEmpty()).isTrue();
    List<BookCompleted> done = line.completed.readValuesToList();
    assertThat(done).singleElement();
    assertThat(done.get(0).getChapters()).hasSize(16);
  }

  /** Second planning answers that give the last arc no beats. */
  static List<IntFunction<String>> answersWithoutBeats() {
    return List.of(
        chapters -> {
          throw new ModelException(ModelException.Kind.UNAVAILABLE, "down", 4, null);
        },
        chapters ->
            "{\"beats\": [{\"chapter\": 3, \"beat\": \"an old chapter\", \"ending\": \"\"}]}");
  }

  @ParameterizedTest
  @MethodSource("answersWithoutBeats")
  void aPlanOfTheLastArcThatFailsOrHasNoBeatOfItLeavesItsChaptersWrittenWithoutBeats(
      IntFunction<String> second) {
    planAnswers(second);

    line.analysisReady(BOOK, 16, 4);
    writeThrough(16);

    assertThat(line.planRequests()).hasSize(2);
    assertThat(line.planned.readValuesToList()).as("only the first plan").hasSize(1);
    assertThat(BookPlan.of(line.state(BOOK)).orElseThrow().beat(3).orElseThrow().beat())
        .as("the beats before the part are kept")
        .isEqualTo(StoryModel.beat(3));
    List<ModelRequest> writer = line.writerRequests();
    assertThat(writer).hasSize(16);
    assertThat(writer.get(11).prompt())
        .contains("The plan for this chapter: " + StoryModel.beat(12));
    assertThat(writer.subList(12, 16))
        .allSatisfy(r -> assertThat(r.prompt()).doesNotContain("The plan for this chapter:"));
    assertThat(line.chapters.readValuesToList())
        .extracting(ChapterWritten::getChapterNumber)
        .hasSize(16);
    assertThat(line.failed.isEmpty()).isTrue();
    assertThat(line.completed.readValuesToList()).singleElement();
  }

  @Test
  void aRevisionFromChapterFiveKeepsTheBeatsBeforeItAndPlansTheLastArcAgain() {
    planAnswers(
        chapters -> plan(chapters, PlanArcsTest::arcBeat),
        chapters -> plan(chapters, n -> "After the revision, Mira takes stair " + n));
    line.analysisReady(BOOK, 16, 4);
    writeThrough(16);
    assertThat(line.completed.readValuesToList()).singleElement();
    int writtenBefore = line.writerRequests().size();

    line.revision(
        io.fablestream.events.BookRevisionRequested.newBuilder()
            .setBookId(BOOK)
            .setRevision(2)
            .setFromChapter(5)
            .setInstruction("make the storm louder")
            .setRequestedBy("ana")
            .setRequestedAt(ChapterLine.START)
            .build());
    assertThat(BookPlan.of(line.state(BOOK)).orElseThrow().beats())
        .as("the last arc's beats go: they were planned from chapters now rewritten")
        .extracting(BookPlan.Beat::chapter)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    writeThrough(16, 2);

    assertThat(line.planRequests()).hasSize(3);
    assertThat(line.planRequests().get(2).prompt())
        .contains("plan its next chapters, 13 to 16", "Chapter 5: " + StoryModel.beat(5));
    List<ModelRequest> rewritten =
        line.writerRequests().subList(writtenBefore, line.writerRequests().size());
    assertThat(rewritten).hasSize(12);
    assertThat(rewritten.get(0).prompt())
        .contains("The plan for this chapter: " + StoryModel.beat(5));
    assertThat(rewritten.get(8).prompt())
        .contains(
            "Write chapter 13 of 16",
            "The plan for this chapter: After the revision, Mira takes stair 13");
    assertThat(line.completed.readValuesToList()).singleElement();
  }

  @Test
  void aBookOfTwelveChaptersIsPlannedInOneCall() {
    line = new ChapterLine();
    line.analysisReady(BOOK, 12, 4);
    writeThrough(12);

    assertThat(line.planRequests())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.prompt())
                    .contains("beats: exactly 12 beats, chapter 1 to 12")
                    .doesNotContain("direction"));
    assertThat(line.completed.readValuesToList()).singleElement();
  }
}
