package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelHabitsTest {
  @Test
  void aChapterAskedAbove800WordsComesBackAt60Percent() {
    assertThat(ModelHabits.wordsWritten(300)).isEqualTo(300);
    assertThat(ModelHabits.wordsWritten(800)).isEqualTo(800);
    assertThat(ModelHabits.wordsWritten(1500)).isEqualTo(900);
  }

  @Test
  void aSummaryAskedWithASchemaStillOpensWithItsPreambleInsideTheString() {
    String answer =
        ModelHabits.freeText(
            "Chelsea waits.", ModelHabits.summaryPreamble("1 to 5"), "summary", true);

    assertThat(answer)
        .isEqualTo(
            "{\"summary\": \"Here is a summary of chapters 1 to 5 in three sentences:\\n\\n"
                + "Chelsea waits.\"}");
    assertThat(FreeText.of(answer, "summary")).isEqualTo("Chelsea waits.");
  }

  @Test
  void aBlurbOpensWithItsPreambleAndABoldTitle() {
    String answer =
        ModelHabits.freeText(
            "A cat wants a fish.", ModelHabits.blurbPreamble("The Fish"), "blurb", false);

    assertThat(answer)
        .isEqualTo("Here is a back-cover blurb:\n\n**The Fish**\n\nA cat wants a fish.");
    assertThat(FreeText.of(answer, "blurb")).isEqualTo("A cat wants a fish.");
  }

  @Test
  void theJudgeRatesAChapterFourOfFiveQuotingItsFirstSentence() {
    String prompt =
        "You judge one chapter of a story.\n\nThe chapter, \"The Shelf\":\nChelsea jumped. She"
            + " missed.\n\nAnswer in JSON.";

    assertThat(ModelHabits.judgement(prompt))
        .isEqualTo(
            "{\"evidence\": [{\"conflict\": \"1\", \"sentence\": \"Chelsea jumped.\"}],"
                + " \"contradictions\": [], \"tone\": 4}");
  }

  @Test
  void theJudgeQuotesAJapaneseChaptersFirstSentence() {
    String prompt =
        "You judge one chapter of a story.\n\nThe chapter, \"棚\":\n子猫は跳んだ。届かない。\n\nAnswer in JSON.";

    assertThat(ModelHabits.judgement(prompt)).contains("\"sentence\": \"子猫は跳んだ。\"", "\"tone\": 4");
  }

  @Test
  void theJudgeGivesNoEvidenceAndALowToneToAChapterWithoutASentence() {
    String prompt =
        "You judge one chapter of a story.\n\nThe chapter, \"The Shelf\":\nChelsea jumped and"
            + "\n\nAnswer in JSON.";

    assertThat(ModelHabits.judgement(prompt))
        .isEqualTo("{\"evidence\": [], \"contradictions\": [], \"tone\": 2}");
  }

  @Test
  void theJudgeRatesAPromptItCannotReadTheChapterFromLeniently() {
    assertThat(ModelHabits.judgement("Rate this."))
        .isEqualTo(
            "{\"evidence\": [{\"conflict\": \"1\", \"sentence\": \"\"}], \"contradictions\": [],"
                + " \"tone\": 4}");
  }

  @Test
  void aServerChargesByTheLanguageThePromptNamesAndCutsAtItsBound() {
    ModelHabits.Generation generated =
        ModelHabits.generate(
            ModelHabits.TOKENIZER,
            "Write in Greek (language tag el).",
            "Go on.",
            "ένα δύο τρία τέσσερα",
            null,
            null,
            5);

    assertThat(generated.language()).isEqualTo("el");
    // Two Greek words cost 5 tokens (2.43 a word); a third would pass the bound of 5.
    assertThat(generated.cut().text()).isEqualTo("ένα δύο");
    assertThat(generated.cut().tokens()).isEqualTo(5);
    assertThat(generated.reason()).isEqualTo("length");
  }
}
