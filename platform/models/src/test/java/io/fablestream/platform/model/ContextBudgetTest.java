package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextBudgetTest {
  private final ContextBudget budget = new ContextBudget(32768, "ollama.max.context");

  @ParameterizedTest(name = "\"{0}\" counts {1} tokens")
  @CsvSource({
    // Four short words at 1.4, "keeper" (six letters) at 1.5: 7.1, so 8.
    "The keeper lit the lamp, 8",
    "The cat sat on the mat., 9",
    // 20 characters without a space: a URL or an identifier, 5 tokens.
    "abcdefghijklmnopqrst, 5",
    // Each CJK character is a token of its own.
    "灯台の守り人, 6",
    "'', 0",
    // No text at all.
    ", 0"
  })
  void proseCountsAboutOneAndAHalfTokensAWordAndLongWordsByTheirLength(String text, int tokens) {
    assertThat(ContextBudget.tokens(text)).isEqualTo(tokens);
  }

  @ParameterizedTest(name = "{0} words are bounded at {1} tokens")
  @CsvSource({
    // 480 words: 672 tokens at 1.4, 10% more, and 64 for the JSON.
    "480, 804",
    "4800, 7456",
    "0, 64"
  })
  void anAnswersBoundLeavesRoomForEveryWordAskedForAndTheJsonAroundIt(int words, int tokens) {
    assertThat(ContextBudget.answerTokens(words)).isEqualTo(tokens);
  }

  @Test
  void aPromptCountsItsTemplateSystemPromptTextAndPictures() {
    ModelRequest request =
        ModelRequest.text("llava:7b", "The keeper lit the lamp")
            .withSystem("Look closely.")
            .withImages(List.of(new byte[] {1}, new byte[] {2}));

    // 64 for the template, 4 + 8 for the texts, 2880 for each picture.
    assertThat(ContextBudget.promptTokens(request)).isEqualTo(64 + 4 + 8 + 2 * 2880);
  }

  @Test
  void windowsComeInFewSizesFromFourThousandUpToTheCap() {
    assertThat(budget.window(10)).isEqualTo(4096);
    assertThat(budget.window(4096)).isEqualTo(4096);
    assertThat(budget.window(4097)).isEqualTo(8192);
    assertThat(budget.window(20_000)).isEqualTo(32768);
    assertThat(new ContextBudget(12_000, "x").window(9_000)).isEqualTo(12_000);
    assertThatThrownBy(() -> budget.window(32769)).isInstanceOf(IllegalArgumentException.class);
    assertThat(budget.fits(32768)).isTrue();
    assertThat(budget.fits(32769)).isFalse();
  }

  @ParameterizedTest(name = "{0} costs {1} hundredths of a token a word")
  @CsvSource({"en, 140", "el, 490", "hi, 490", "pt-BR, 180"})
  void eachLanguageCostsItsTokensPerWord(String language, int hundredths) {
    assertThat(ContextBudget.tokensPerWordHundredths(language)).isEqualTo(hundredths);
  }

  @Test
  void answerBoundsFollowTheLanguagesTokensPerWord() {
    // English at 1.4 a word is the old bound, to the token.
    assertThat(ContextBudget.answerTokens(480, 140)).isEqualTo(ContextBudget.answerTokens(480));
    // 300 Greek words on Qwen 2.5 take 1,446 tokens; 480 are allowed, with 10% to spare.
    assertThat(ContextBudget.answerTokens(480, 490)).isEqualTo(2588 + 64);
  }

  @ParameterizedTest(name = "\"{0}\" counts {1} tokens")
  @CsvSource({"แมวนอน, 6", "ແມວນອນ, 6", "ឆ្មាដេក, 7", "ကြောင်, 6"})
  void thaiLaoKhmerAndBurmeseAreCountedByCharacterAsChineseAndJapaneseAre(String text, int tokens) {
    assertThat(ContextBudget.tokens(text)).isEqualTo(tokens);
  }
}
