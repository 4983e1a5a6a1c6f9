package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What 7-8B chat models wrap around a summary or a blurb, and the text left once it is removed. */
class FreeTextTest {
  private static final String SUMMARY =
      "Chelsea watched the shelf. She made a plan with the yarn. The fish was still out of reach.";

  @Test
  void llamasSummaryPreambleOnItsOwnLineIsRemoved() {
    assertThat(
            FreeText.clean(
                "Here is a summary of chapters 1 to 5 in three sentences:\n\n" + SUMMARY))
        .isEqualTo(SUMMARY);
  }

  @Test
  void aPreambleOnTheTextsOwnLineIsRemoved() {
    assertThat(FreeText.clean("Here is a summary of chapters 1 to 5: " + SUMMARY))
        .isEqualTo(SUMMARY);
    assertThat(FreeText.clean("Sure! Here's the summary: " + SUMMARY)).isEqualTo(SUMMARY);
  }

  @Test
  void aBlurbsPreambleAndBoldTitleAreRemovedAndItsWordsAreTheBlurbsOnly() {
    String blurb =
        "Chelsea, a tabby cat with patience to spare, has one wish: the silver fish on the high"
            + " shelf. Will she reach it?";

    String cleaned =
        FreeText.clean("Here is a back-cover blurb:\n\n**The Silver Fish**\n\n" + blurb + "\n");

    assertThat(cleaned).isEqualTo(blurb);
  }

  @Test
  void aSignOffQuotesAndMarkdownAreRemoved() {
    assertThat(
            FreeText.clean(
                "\"Chelsea *finally* sees the **fish**.\"\n\nLet me know if you'd like any"
                    + " changes!"))
        .isEqualTo("Chelsea finally sees the fish.");
    assertThat(FreeText.clean("“" + SUMMARY + "”")).isEqualTo(SUMMARY);
    assertThat(FreeText.clean("Summary: " + SUMMARY)).isEqualTo(SUMMARY);
  }

  @Test
  void theFieldOfTheJsonAskedForIsTakenAndCleanedTooAndAPlainAnswerIsReadAsText() {
    assertThat(
            FreeText.of(
                "{\"summary\": \"Here is a summary of chapters 1 to 2 in three sentences: "
                    + SUMMARY
                    + "\"}",
                "summary"))
        .isEqualTo(SUMMARY);
    assertThat(FreeText.of(SUMMARY, "summary")).isEqualTo(SUMMARY);
    // Cut short, the JSON does not parse: what there is reads as text, not as nothing.
    assertThat(FreeText.of("{\"summary\": \"Chelsea", "summary"))
        .isEqualTo("{\"summary\": \"Chelsea");
  }

  @Test
  void aTextWithNothingAroundItIsLeftAsItIsAndAColonInsideItStays() {
    String withColon = "Chelsea had one wish: the fish. She waited. It fell.";
    assertThat(FreeText.clean(withColon)).isEqualTo(withColon);
    assertThat(FreeText.clean("  " + SUMMARY + "  ")).isEqualTo(SUMMARY);
    String greek = "Η Τσέλσι κοίταζε το ράφι. Έκανε ένα σχέδιο. Το ψάρι ήταν ακόμα μακριά.";
    assertThat(FreeText.clean(greek)).isEqualTo(greek);
  }
}
