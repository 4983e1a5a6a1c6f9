package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookJudgeTest {
  @Test
  void readsTheRubricRoundingAndKeepingEachScoreOnTheScale() {
    var rubric =
        BookJudge.rubric(
                "{\"evidence\": \"e\", \"coherence\": 7.6, \"characterConsistency\": 0,"
                    + " \"pacing\": 5, \"prose\": 11, \"ending\": 3}",
                "judge:x")
            .orElseThrow();

    assertThat(rubric.getCoherence()).isEqualTo(8);
    assertThat(rubric.getCharacterConsistency()).isEqualTo(1);
    assertThat(rubric.getPacing()).isEqualTo(5);
    assertThat(rubric.getProse()).isEqualTo(10);
    assertThat(rubric.getEnding()).isEqualTo(3);
    assertThat(rubric.getModel()).isEqualTo("judge:x");
  }

  @Test
  void anAnswerThatIsNotTheRubricGivesNone() {
    assertThat(BookJudge.rubric("Here is my rubric: good book.", "m")).isEmpty();
    assertThat(BookJudge.rubric("{\"coherence\": 5}", "m")).isEmpty();
    assertThat(BookJudge.rubric(null, "m")).isEmpty();
  }
}
