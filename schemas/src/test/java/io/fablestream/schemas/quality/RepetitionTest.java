package io.fablestream.schemas.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepetitionTest {
  @Test
  void countsTheShareOfAChaptersFiveGramsSaidInAnyEarlierChapter() {
    // Chapter 1: a b c d e f -> 5-grams "a b c d e", "b c d e f".
    // Chapter 2: "A, b. C d e! x y" -> lower-cased, stripped: a b c d e x y -> 3 grams, of which
    //   "a b c d e" is in chapter 1: 1/3.
    // Chapter 3: b c d e f g -> "b c d e f" (chapter 1), "c d e f g" (new): 1/2.
    List<Double> shares =
        Repetition.shares(List.of("a b c d e f", "A, b. C d e! x y", "b c d e f g"));

    assertThat(shares).hasSize(3);
    assertThat(shares.get(0)).isZero();
    assertThat(shares.get(1)).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(shares.get(2)).isCloseTo(0.5, within(1e-9));
    // The book's value: the mean over chapters 2..n = (1/3 + 1/2) / 2 = 5/12.
    assertThat(Repetition.book(shares)).isCloseTo(5.0 / 12, within(1e-9));
  }

  @Test
  void aChapterTooShortForAFiveGramRepeatsNothingAndABookOfOneChapterNeither() {
    assertThat(Repetition.shares(List.of("one two three four five", "one two three")))
        .containsExactly(0.0, 0.0);
    assertThat(Repetition.book(List.of(0.7))).isZero();
  }

  @Test
  void aWordsApostropheJoinsIt() {
    // "don't" and "dont" are the same word once punctuation is stripped.
    assertThat(Repetition.shares(List.of("I don't want it now", "i dont want it now")))
        .containsExactly(0.0, 1.0);
  }
}
