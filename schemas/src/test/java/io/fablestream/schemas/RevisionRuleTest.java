package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.schemas.RevisionRule.Problem;
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
    assertThat(RevisionRule.problem("b", 4, 4, 5, null, "Darker."))
        .contains(new Problem("fromChapter", "fromChapter is 5, but book b has chapters 1 to 4."));
    assertThat(RevisionRule.problem("b", 4, 2, 3, null, "Darker."))
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
    assertThat(RevisionRule.problem("b", 4, 4, 2, null, "Darker.")).isEqualTo(Optional.empty());
  }
}
