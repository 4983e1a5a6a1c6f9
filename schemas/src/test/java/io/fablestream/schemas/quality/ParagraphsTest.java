package io.fablestream.schemas.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParagraphsTest {
  @Test
  void countsTheParagraphsOfOneSentence() {
    String text =
        """
        The cat sat. It watched the door for an hour.

        Nobody came.
        "Where are you?" she asked. Silence.

        It was late.
        """;
    // Four paragraphs (lines with text); "Nobody came." and "It was late." are one sentence each.
    Paragraphs.Count count = Paragraphs.of(text, "en");

    assertThat(count).isEqualTo(new Paragraphs.Count(4, 2));
    assertThat(count.share()).isEqualTo(0.5);
  }

  @Test
  void aTextWithoutParagraphsHasAShareOfNone() {
    assertThat(Paragraphs.of(" \n\n", "en").share()).isZero();
  }
}
