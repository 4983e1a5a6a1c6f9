package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PictureRuleTest {

  @Test
  void threePicturesIntoFourChaptersAreEachUsedInOrder() {
    assertThat(map(3, 4)).containsExactly(1, 1, 2, 3);
  }

  @Test
  void onePictureSeedsEveryChapter() {
    assertThat(map(1, 5)).containsExactly(1, 1, 1, 1, 1);
    assertThat(map(0, 3)).containsExactly(1, 1, 1);
  }

  @Test
  void everyPictureIsUsedInOrderOnConsecutiveChaptersForEveryShape() {
    for (int chapters = 1; chapters <= 40; chapters++) {
      for (int pictures = 1; pictures <= Math.min(12, chapters); pictures++) {
        List<Integer> map = map(pictures, chapters);
        assertThat(map.getFirst()).isEqualTo(1);
        assertThat(map.getLast()).isEqualTo(pictures);
        for (int i = 1; i < map.size(); i++) {
          assertThat(map.get(i) - map.get(i - 1)).isBetween(0, 1);
        }
        for (int p = 1; p <= pictures; p++) {
          int first = PictureRule.firstChapter(p, pictures, chapters);
          int last = PictureRule.lastChapter(p, pictures, chapters);
          assertThat(first).isLessThanOrEqualTo(last);
          assertThat(map.subList(first - 1, last)).containsOnly(p);
        }
      }
    }
  }

  @Test
  void morePicturesThanChaptersCannotBePlaced() {
    assertThatThrownBy(() -> PictureRule.pictureOf(1, 4, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 pictures for 3 chapters");
  }

  private static List<Integer> map(int pictures, int chapters) {
    return IntStream.rangeClosed(1, chapters)
        .mapToObj(n -> PictureRule.pictureOf(n, pictures, chapters))
        .toList();
  }
}
