package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.PlannedBeat;
import io.fablestream.schemas.RevisionRule.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevisionRuleTest {
  @Test
  void aRevisionStartsFromAnyChapterOfTheBookUntilOneFailsMidway() {
    assertThat(RevisionRule.revisableThrough(5, 0)).isEqualTo(5);
    int afterFailure = RevisionRule.limitAfterFailure(5, 0, 3);
    assertThat(RevisionRule.revisableThrough(5, afterFailure)).isEqualTo(3);
    assertThat(RevisionRule.limitAfterFailure(5, afterFailure, 4)).isEqualTo(3);
    assertThat(RevisionRule.limitAfterFailure(5, afterFailure, 2)).isEqualTo(2);
  }

  @Test
  void aChapterOutsideWhatMayBeRevisedIsRefusedNamingFromChapter() {
    assertThat(RevisionRule.problem("b", 4, 4, 5, null, "Darker.", List.of()))
        .contains(new Problem("fromChapter", "fromChapter is 5, but book b has chapters 1 to 4."));
    assertThat(RevisionRule.problem("b", 4, 2, 3, null, "Darker.", List.of()))
        .contains(
            new Problem(
                "fromChapter",
                "fromChapter is 3, but book b can be revised from chapters 1 to 2 only: its last"
                    + " revision failed midway from chapter 2."));
    assertThat(RevisionRule.fromChapter("b", 4, 4, 0)).isPresent();
  }

  @Test
  void aRevisionHasExactlyOneOfTextAndInstructionNotBlankAndWithinItsBound() {
    assertThat(RevisionRule.content("Mine.", "Darker."))
        .contains(
            new Problem(
                null,
                "A revision has exactly one of text (your chapter) and instruction (a note for the"
                    + " model); this one has both."));
    assertThat(RevisionRule.content(null, null).map(Problem::message).orElseThrow())
        .endsWith("this one has neither.");
    assertThat(RevisionRule.content(" ", null)).contains(new Problem("text", "text is empty."));
    assertThat(RevisionRule.content(null, "x".repeat(RevisionRule.MAX_INSTRUCTION_CHARS + 1)))
        .contains(
            new Problem(
                "instruction", "instruction is 4001 characters long; at most 4000 are taken."));
    assertThat(RevisionRule.content("x".repeat(RevisionRule.MAX_TEXT_CHARS), null)).isEmpty();
    assertThat(RevisionRule.problem("b", 4, 4, 2, null, "Darker.", List.of()))
        .isEqualTo(Optional.empty());
  }

  @Test
  void newBeatsAreForChaptersFromTheFirstRevisedToTheLastEachOnceNotBlankAndBounded() {
    List<PlannedBeat> fine = List.of(beat(4, "Mira finds the key."), beat(3, "The storm."));
    assertThat(RevisionRule.problem("b", 4, 4, 3, null, "Darker.", fine)).isEmpty();
    assertThat(RevisionRule.problem("b", 4, 4, 3, null, "Darker.", List.of(beat(2, "Early."))))
        .contains(
            new Problem(
                "beats[0].chapter",
                "beats[0].chapter is 2; a revision from chapter 3 takes beats for chapter 3 on"
                    + " (the beats before it are kept)."));
    assertThat(
            RevisionRule.problem(
                "b", 4, 4, 3, null, "Darker.", List.of(beat(3, "Rain."), beat(5, "Late."))))
        .contains(
            new Problem(
                "beats[1].chapter", "beats[1].chapter is 5, but book b has chapters 1 to 4."));
    assertThat(RevisionRule.beats(3, List.of(beat(4, "Rain."), beat(3, "Sun."), beat(4, "Hail."))))
        .contains(
            new Problem(
                "beats[2].chapter",
                "beats[2].chapter is 4, as beats[0] is: a chapter takes one beat."));
    assertThat(RevisionRule.beats(3, List.of(beat(3, "  "))))
        .contains(new Problem("beats[0].beat", "beats[0].beat is empty."));
    String longest = "b".repeat(PlanRule.MAX_LINE_CHARS);
    assertThat(RevisionRule.beats(3, List.of(beat(3, " " + longest + " ")))).isEmpty();
    assertThat(RevisionRule.beats(3, List.of(beat(3, longest + "b"))))
        .contains(
            new Problem(
                "beats[0].beat", "beats[0].beat is 401 characters long; at most 400 are taken."));
    assertThat(
            RevisionRule.beats(
                3,
                List.of(new PlannedBeat(3, "Rain.", "e".repeat(PlanRule.MAX_LINE_CHARS + 1), 1))))
        .map(Problem::field)
        .contains("beats[0].ending");
  }

  private static PlannedBeat beat(int chapter, String beat) {
    return new PlannedBeat(chapter, beat, "", 1);
  }
}
