package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanRuleTest {
  private static int[] extensions(int arcLength, int chapters) {
    return IntStream.rangeClosed(1, chapters)
        .filter(n -> PlanRule.extendsAt(n, arcLength, chapters))
        .toArray();
  }

  @Test
  void aBookOfTwelveChaptersOrFewerIsPlannedInOneCall() {
    assertThat(PlanRule.firstThrough(4, 12)).isEqualTo(12);
    assertThat(PlanRule.firstThrough(100, 5)).isEqualTo(5);
    assertThat(extensions(4, 12)).isEmpty();
  }

  @Test
  void aLongerBookIsPlannedInWholeArcsOfAtMostTwelveChapters() {
    assertThat(PlanRule.firstThrough(4, 16)).isEqualTo(12);
    assertThat(extensions(4, 16)).containsExactly(13);
    assertThat(PlanRule.partEnd(13, 4, 16)).isEqualTo(16);
    assertThat(PlanRule.partEnd(7, 4, 16)).isEqualTo(12);

    assertThat(PlanRule.firstThrough(5, 23)).isEqualTo(10);
    assertThat(extensions(5, 23)).containsExactly(11, 16, 21);
    assertThat(PlanRule.partEnd(22, 5, 23)).isEqualTo(23);
  }

  @Test
  void anArcLongerThanTwelveChaptersIsPlannedTwelveAtATime() {
    assertThat(PlanRule.firstThrough(20, 30)).isEqualTo(12);
    assertThat(extensions(20, 30)).containsExactly(13, 25);
    assertThat(PlanRule.partEnd(25, 20, 30)).isEqualTo(30);
  }
}
