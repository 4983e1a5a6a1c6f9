package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.PlannedBeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A book submitted with reviewPlan waits after its plan until a person approves it. */
class PlanReviewTest extends ChapterLineTest {
  private static final String BOOK = "book-review";

  private BookPlanned heldBook() {
    AnalysisReady ready = ChapterLine.analysisOf(BOOK, 2, 2);
    ready.setReviewPlan(true);
    line.analysis.pipeInput(BOOK, ready);
    line.settle();
    List<BookPlanned> planned = line.planned.readValuesToList();
    assertThat(planned).singleElement().satisfies(p -> assertThat(p.getApproved()).isFalse());
    return planned.get(0);
  }

  @Test
  void aHeldBookIsWrittenFromThePlanAPersonEditedAndApproved() {
    line = new ChapterLine(Map.of("chapter.stall.timeout", "10m"));
    BookPlanned plan = heldBook();

    line.advance(Duration.ofHours(1));
    assertThat(line.failed.isEmpty()).as("waiting for a review is not a stall").isTrue();
    assertThat(line.writerRequests()).as("nothing is written before the approval").isEmpty();

    // A stale approval (not a later revision) changes nothing.
    plan.setApproved(true);
    line.plansIn.pipeInput(BOOK, plan);
    line.settle();
    assertThat(line.writerRequests()).isEmpty();

    List<PlannedBeat> beats = new ArrayList<>(plan.getBeats());
    beats.set(0, new PlannedBeat(1, "Mira finds a cat asleep on the lamp", "the cat wakes", 1));
    plan.setBeats(beats);
    plan.setRevision(2);
    plan.setModel(null);
    line.plansIn.pipeInput(BOOK, plan);
    line.settle();

    assertThat(line.writerRequests())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.prompt())
                    .contains(
                        "The plan for this chapter: Mira finds a cat asleep on the lamp",
                        "It ends: the cat wakes",
                        "The next chapter will do what the plan above gives for chapter 2"));
    assertThat(line.state(BOOK).getPlanRevision()).isEqualTo(2);
    assertThat(line.state(BOOK).getPlanHeldSince()).isZero();
  }

  @Test
  void aPlanNobodyApprovesFailsTheBookAfterThePlanReviewTimeout() {
    line = new ChapterLine(Map.of("plan.review.timeout", "2h", "chapter.stall.timeout", "10m"));
    heldBook();

    line.advance(Duration.ofMinutes(90));
    assertThat(line.failed.isEmpty()).isTrue();
    line.advance(Duration.ofMinutes(31));

    BookFailed failed = line.failed.readValue();
    assertThat(failed.getReason()).isEqualTo("PLAN_NOT_APPROVED");
    assertThat(failed.getStage()).isEqualTo("WRITE");
    assertThat(failed.getMessage())
        .contains("plan.review.timeout", "POST /books/" + BOOK + "/plan");
    assertThat(line.writerRequests()).isEmpty();
  }
}
