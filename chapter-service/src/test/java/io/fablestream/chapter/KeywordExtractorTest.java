package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordExtractorTest {
  @Test
  void keywordsAreTheMostFrequentContentWordsCountedByStemInTheFormTheTextUsedMost() {
    String text =
        "The lanterns swung in the storm. Mira lit the lanterns while the storm broke over the"
            + " harbor. She was afraid of the storm, but the lantern's light held. Mira ran to the"
            + " harbor and the keeper's door.";

    assertThat(new KeywordExtractor(4).keywords(text))
        .containsExactly("lanterns", "storm", "harbor", "mira");
  }

  @Test
  void aTextOfStopWordsHasNoKeywords() {
    assertThat(new KeywordExtractor(8).keywords("It was the one that she had, and he was there."))
        .isEmpty();
  }

  @Test
  void contractionsAreStopWordsToo() {
    String text =
        "Mira didn't sleep. She couldn't, and she wasn't sorry: the lighthouse didn't sleep,"
            + " and the lighthouse wouldn't let Mira sleep.";

    assertThat(new KeywordExtractor(8).keywords(text))
        .containsExactly("sleep", "lighthouse", "mira", "sorry");
  }
}
