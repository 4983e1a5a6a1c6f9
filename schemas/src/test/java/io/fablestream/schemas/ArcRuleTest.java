package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArcRuleTest {
  private static List<Integer> arcEnds(int arcLength, int chapterCount) {
    return IntStream.rangeClosed(1, chapterCount)
        .filter(n -> ArcRule.endsArc(n, arcLength, chapterCount))
        .boxed()
        .toList();
  }

  @Test
  void everyArcEndsAtAMultipleOfItsLengthAndTheLastAtTheLastChapter() {
    assertThat(arcEnds(2, 4)).containsExactly(2, 4);
    assertThat(arcEnds(2, 5)).containsExactly(2, 4, 5);
    assertThat(arcEnds(5, 5)).containsExactly(5);
    assertThat(arcEnds(5, 3)).containsExactly(3);
    assertThat(arcEnds(1, 3)).containsExactly(1, 2, 3);
  }

  @Test
  void aChapterOutsideTheBookEndsNoArc() {
    assertThat(ArcRule.endsArc(0, 2, 4)).isFalse();
    assertThat(ArcRule.endsArc(6, 2, 4)).isFalse();
    assertThat(ArcRule.endsArc(2, 0, 4)).isFalse();
  }

  @Test
  void anArcRunsFromItsStartToItsEndAndTheLastMayBeShorter() {
    assertThat(ArcRule.arcStart(3, 2)).isEqualTo(3);
    assertThat(ArcRule.arcStart(4, 2)).isEqualTo(3);
    assertThat(ArcRule.arcEnd(3, 2, 5)).isEqualTo(4);
    assertThat(ArcRule.arcEnd(5, 2, 5)).isEqualTo(5);
    assertThat(ArcRule.arcStart(5, 2)).isEqualTo(5);
    assertThat(ArcRule.arcCount(2, 5)).isEqualTo(3);
    assertThat(ArcRule.arcCount(5, 5)).isEqualTo(1);
    assertThatThrownBy(() -> ArcRule.arcStart(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arcLength");
  }
}
