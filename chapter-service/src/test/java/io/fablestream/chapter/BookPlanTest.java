package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.PlannedBeat;
import io.fablestream.events.PlannedCharacter;
import io.fablestream.platform.model.ModelRequest;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The book's plan: made once after the analysis, published, and written from chapter by chapter.
 */
class BookPlanTest extends ChapterLineTest {
  private static final String BOOK = "book-plan";

  private void untitledBook(int chapters, int arcLength) {
    AnalysisReady ready = ChapterLine.analysisOf(BOOK, chapters, arcLength);
    ready.setTitle(null);
    line.analysis.pipeInput(BOOK, ready);
    line.settle();
  }

  private void writeThrough(int chapters, int arcLength) {
    for (int n = 1; n <= chapters; n++) {
      line.chapterIndexed(BOOK, n);
      if (n % arcLength == 0 || n == chapters) {
        line.arcSummarized(BOOK, n - (n - 1) % arcLength, n);
      }
    }
  }

  @Test
  void theBookIsPlannedOnceAndEachChapterIsWrittenFromItsBeatTowardTheNext() {
    line = new ChapterLine();
    untitledBook(3, 3);
    writeThrough(3, 3);

    List<ModelRequest> plans = line.planRequests();
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).jsonSchema()).isEqualTo(BookPlan.SCHEMA);
    assertThat(plans.get(0).prompt())
        .contains("exactly 3 beats", "a lighthouse on a cliff at dusk", "Mira, the keeper")
        .contains("title: a short title for the book.");

    List<BookPlanned> planned = line.planned.readValuesToList();
    assertThat(planned).hasSize(1);
    BookPlanned plan = planned.get(0);
    assertThat(plan.getRevision()).isEqualTo(1);
    assertThat(plan.getApproved()).isTrue();
    assertThat(plan.getTitle()).isEqualTo("The Lamp in the Storm");
    assertThat(plan.getMainConflict()).isEqualTo(StoryModel.MAIN_CONFLICT);
    assertThat(plan.getCast().stream().map(PlannedCharacter::getName))
        .containsExactly("Mira", "Old Tobin");
    assertThat(plan.getBeats())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 3)
                .mapToObj(n -> new PlannedBeat(n, StoryModel.beat(n), StoryModel.ending(n), 1))
                .toList());

    List<ModelRequest> chapters = line.writerRequests();
    assertThat(chapters).hasSize(3);
    // The cast and the main conflict are in the system message every chapter shares.
    assertThat(chapters)
        .allSatisfy(
            r ->
                assertThat(r.system())
                    .contains(
                        "- Mira: the keeper's daughter, who wants to light the lamp",
                        "- Old Tobin: the keeper, who hides a secret",
                        "The main conflict, which the last chapter resolves: "
                            + StoryModel.MAIN_CONFLICT,
                        "titled \"The Lamp in the Storm\"")
                    .isEqualTo(chapters.get(0).system()));
    // The arc's plan opens every chapter's prompt (a prefix the calls of the arc share); this
    // chapter's instruction names its own beat and the next one only.
    String arcPlan =
        "THE PLAN OF CHAPTERS 1-3\n- Chapter 1: "
            + StoryModel.beat(1)
            + "; it ends: "
            + StoryModel.ending(1)
            + "\n";
    assertThat(chapters).allSatisfy(r -> assertThat(r.prompt()).startsWith(arcPlan));
    String instruction = chapters.get(1).prompt();
    assertThat(instruction.substring(instruction.indexOf("\nTHIS CHAPTER\n")))
        .contains(
            "The plan for this chapter: " + StoryModel.beat(2),
            "It ends: " + StoryModel.ending(2),
            "The next chapter will do what the plan above gives for chapter 3")
        .doesNotContain(StoryModel.beat(1));
    assertThat(chapters.get(2).prompt())
        .contains("The plan for this chapter: " + StoryModel.beat(3))
        .contains("resolve the main conflict (" + StoryModel.MAIN_CONFLICT + ")")
        .doesNotContain("The next chapter will");

    BookCompleted book = line.completed.readValue();
    assertThat(book.getTitle()).as("the plan names an untitled book").isEqualTo(plan.getTitle());
    assertThat(book.getStats().getModelCalls())
        .as("analysis, plan, 3 x (write, judge), summary")
        .isEqualTo(9);
  }

  @Test
  void anAnswerThatIsNoPlanLeavesTheBookToBeWrittenFromTheAnalysisAlone() {
    line = new ChapterLine();
    line.story.planner(chapters -> "Here is a lovely plan for your book!");
    untitledBook(2, 2);
    writeThrough(2, 2);

    assertThat(line.planned.isEmpty()).isTrue();
    assertThat(line.writerRequests()).hasSize(2);
    assertThat(line.writerRequests().get(1).prompt())
        .doesNotContain("The plan for this chapter")
        .contains("resolve the main conflict (the storm that will not pass)");
    assertThat(line.completed.readValue().getTitle()).isEqualTo(StoryModel.title(1));
  }

  @Test
  void aPlanTheBookHasNotRequestedBeatsForIsCutToItsChapters() {
    BookPlan plan =
        BookPlan.read(
            "{\"cast\": [], \"beats\": [{\"chapter\": 2, \"beat\": \"b\"},"
                + " {\"chapter\": 1, \"beat\": \"a\", \"ending\": \"e\"},"
                + " {\"chapter\": 1, \"beat\": \"again\"}, {\"chapter\": 9, \"beat\": \"x\"}]}",
            2);

    assertThat(plan.beats())
        .containsExactly(new BookPlan.Beat(1, "a", "e"), new BookPlan.Beat(2, "b", ""));
    assertThat(BookPlan.read(plan.toJson(), 2)).isEqualTo(plan);
  }

  @Test
  void aLaterPlanReadBackMidBookWritesTheChaptersNotYetBegunFromItsBeats() {
    line = new ChapterLine();
    untitledBook(3, 3);
    BookPlanned own = line.planned.readValue();
    own.setRevision(2);
    own.setModel(null);
    own.setBeats(
        List.of(
            new PlannedBeat(1, StoryModel.beat(1), StoryModel.ending(1), 1),
            new PlannedBeat(
                2, "Mira finds the keeper's logbook in the cellar", "the ink is fresh", 1),
            new PlannedBeat(3, StoryModel.beat(3), StoryModel.ending(3), 1)));
    own.setPlannedAt(Instant.EPOCH);
    line.plansIn.pipeInput(BOOK, own);
    line.settle();
    writeThrough(3, 3);

    assertThat(line.writerRequests().get(1).prompt())
        .contains("The plan for this chapter: Mira finds the keeper's logbook in the cellar")
        .contains("It ends: the ink is fresh");
    assertThat(line.state(BOOK).getPlanRevision()).isEqualTo(2);
    assertThat(line.planned.isEmpty()).as("a plan read back is not published again").isTrue();
  }
}
