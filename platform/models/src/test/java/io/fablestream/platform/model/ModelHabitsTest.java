package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelHabitsTest {
  @ParameterizedTest(name = "{0} words asked, {1} written")
  @CsvSource({"300, 300", "800, 800", "1500, 900"})
  void aChapterAskedAbove800WordsComesBackAt60Percent(int asked, int written) {
    assertThat(ModelHabits.wordsWritten(asked)).isEqualTo(written);
  }

  @Test
  void aSummaryAskedWithASchemaStillOpensWithItsPreambleInsideTheString() {
    assertWrittenAndReadBack(
        "Chelsea waits.",
        ModelHabits.summaryPreamble("1 to 5"),
        "summary",
        true,
        "{\"summary\": \"Here is a summary of chapters 1 to 5 in three sentences:\\n\\n"
            + "Chelsea waits.\"}");
  }

  @Test
  void aBlurbOpensWithItsPreambleAndABoldTitle() {
    assertWrittenAndReadBack(
        "A cat wants a fish.",
        ModelHabits.blurbPreamble("The Fish"),
        "blurb",
        false,
        "Here is a back-cover blurb:\n\n**The Fish**\n\nA cat wants a fish.");
  }

  /**
   * Asserts the answer a model writes around the text (its preamble, in JSON or not), and that
   * {@link FreeText} reads the text back out of it.
   */
  private static void assertWrittenAndReadBack(
      String text, String preamble, String field, boolean json, String written) {
    String answer = ModelHabits.freeText(text, preamble, field, json);

    assertThat(answer).isEqualTo(written);
    assertThat(FreeText.of(answer, field)).isEqualTo(text);
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
