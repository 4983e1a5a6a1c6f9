package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.chapter.state.StepPhase;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.model.Usage;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The checks a draft failed before the judge wait in the book's state as typed records until the
 * judge answers; a state an older version stored, with them as check:note, still reads.
 */
class DraftFailuresTest {
  @Test
  void everyCheckIsKeptInTheStateAsItselfWithItsNote() {
    for (Check check : Check.values()) {
      Verdict.Failure failure = new Verdict.Failure(check, "What was wrong: " + check.tag());
      assertThat(Verdict.Failure.of(failure.kept())).isEqualTo(failure);
    }
  }

  @Test
  void aStepAnOlderVersionStoredWhileTheJudgeWasAskedKeepsItsDraftFailures() {
    // The serde comes first, as in the service: it makes Avro trust the state's classes.
    Serde<BookState> serde = ChangeloggedStores.avro(ChapterService.STORE, BookState.class);
    BookState before = BookTransitions.closedUnopened("book-1", "unused", 1_000L);
    before.setStep(
        ChapterStep.newBuilder()
            .setChapter(2)
            .setAttempt(3)
            .setPhase(StepPhase.JUDGE)
            .setCallId("r1/ch2/a3/judge")
            .setSpent(BookTransitions.spent(Usage.NONE))
            .setDraftFailures(
                List.of(
                    "WORD_COUNT:The chapter has 120 words: 300 were asked for.",
                    "REPETITION:It repeats chapter 1."))
            .build());

    BookState read = StoredBefore.readBack(serde, before, "BookState-v3");

    assertThat(read.getStep().getDraftChecks()).isEmpty();
    assertThat(ChapterSteps.draftFailures(read.getStep()))
        .containsExactly(
            new Verdict.Failure(Check.WORD_COUNT, "The chapter has 120 words: 300 were asked for."),
            new Verdict.Failure(Check.REPETITION, "It repeats chapter 1."));
  }
}
