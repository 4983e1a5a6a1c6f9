package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What retrieval hands the prompt: any earlier chapter, the recent preferred, no repeats. */
class BeatQueryTest {
  private static MemoryHit hit(int chapter, String text, double score) {
    return new MemoryHit("b", MemoryKind.CHAPTER, chapter, 0, text, List.of(), score);
  }

  @Test
  void anOldChapterNearTheBeatIsReachedAndARecentOneIsPreferredAmongNearEquals() {
    MemoryHit old = hit(1, "Mira hid the map under the third stair of the tower.", 0.90);
    MemoryHit recentClose = hit(8, "The bell rang twice as the storm rose.", 0.86);
    MemoryHit recentFar = hit(9, "Gulls circled the harbour.", 0.60);
    MemoryHit oldFar = hit(2, "The baker sold bread.", 0.70);

    List<MemoryHit> kept =
        BeatQuery.chosen(List.of(old, recentClose, recentFar, oldFar), 10, Optional.empty(), 3);

    assertThat(kept).containsExactly(recentClose, old, oldFar);
  }

  @Test
  void whatThePromptAlreadyCarriesIsLeftOut() {
    String previous =
        "Long before, the sea was calm. "
            + "x ".repeat(100)
            + "She opened the"
            + " door to the lamp room and saw the broken lens lying on the floor in pieces.";
    MemoryHit picture = hit(0, "Setting: a lighthouse on a cliff at dusk.", 0.99);
    MemoryHit ending =
        hit(
            9,
            "She opened the door to the lamp room and saw the broken lens lying on the floor",
            0.95);
    MemoryHit other = hit(4, "The keeper's letter spoke of a second key.", 0.5);

    assertThat(BeatQuery.chosen(List.of(picture, ending, other), 10, Optional.of(previous), 3))
        .containsExactly(other);
  }
}
