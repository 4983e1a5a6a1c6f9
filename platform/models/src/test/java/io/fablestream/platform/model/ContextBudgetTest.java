package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {
  private final ContextBudget budget = new ContextBudget(32768, "ollama.max.context", 3, 500);

  @Test
  void proseCountsAboutOneAndAHalfTokensAWordAndLongWordsByTheirLength() {
    // Four short words at 1.4, "keeper" (six letters) at 1.5: 7.1, so 8.
    assertThat(ContextBudget.tokens("The keeper lit the lamp")).isEqualTo(8);
    assertThat(ContextBudget.tokens("The cat sat on the mat.")).isEqualTo(9);
    // 20 characters without a space: a URL or an identifier, 5 tokens.
    assertThat(ContextBudget.tokens("abcdefghijklmnopqrst")).isEqualTo(5);
    // Each CJK character is a token of its own.
    assertThat(ContextBudget.tokens("灯台の守り人")).isEqualTo(6);
    assertThat(ContextBudget.tokens("")).isZero();
    assertThat(ContextBudget.tokens(null)).isZero();
  }

  @Test
  void anAnswersBoundLeavesRoomForEveryWordAskedForAndTheJsonAroundIt() {
    // 480 words: 672 tokens at 1.4, 10% more, and 64 for the JSON.
    assertThat(ContextBudget.answerTokens(480)).isEqualTo(804);
    assertThat(ContextBudget.answerTokens(4800)).isEqualTo(7456);
    assertThat(ContextBudget.answerTokens(0)).isEqualTo(64);
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
    assertThat(new ContextBudget(12_000, "x", 0, 0).window(9_000)).isEqualTo(12_000);
    assertThatThrownBy(() -> budget.window(32769)).isInstanceOf(IllegalArgumentException.class);
    assertThat(budget.fits(32768)).isTrue();
    assertThat(budget.fits(32769)).isFalse();
  }

  @Test
  void theLargestLengthThatFitsIsOneAtWhichEveryCallFitsAndOneWordMoreDoesNot() {
    for (int[] shape : new int[][] {{5, 5}, {5, 1}, {20, 2}, {100, 1}, {1, 1}}) {
      int largest = budget.largestWordsPerChapter(shape[0], shape[1], 5000);

      if (largest < 5000) {
        assertThat(budget.bookFits(largest + 1, shape[0], shape[1])).isFalse();
      }
      assertThat(budget.bookFits(largest, shape[0], shape[1])).isTrue();
    }
  }

  @Test
  void anArcSummaryReadsItsWholeArcSoLongArcsOfLongChaptersOutgrowTheWindow() {
    // Five chapters of up to 8000 words each cannot be summarised in 32768 tokens...
    assertThat(budget.bookFits(5000, 5, 5)).isFalse();
    assertThat(budget.summaryCall(5000, 5, 5)).isGreaterThan(32768);
    // ...but one chapter at a time can, and short books of long arcs too.
    assertThat(budget.bookFits(5000, 5, 1)).isTrue();
    assertThat(budget.bookFits(300, 5, 5)).isTrue();
  }

  @Test
  void laterChapterPromptsCarryTheLatestThreeSummariesAndTheOlderOnesFoldedAndBounded() {
    int oneArc = budget.chapterPrompt(6, 5);
    int threeArcs = budget.chapterPrompt(16, 5);
    int tenArcs = budget.chapterPrompt(51, 5);
    int ninetyNineArcs = budget.chapterPrompt(100, 1);

    // Two more summaries of at most 150 words (295 tokens) and a label each...
    assertThat(threeArcs - oneArc).isEqualTo(2 * (295 + 8));
    // ...then only the folded paragraph of 120 words, however many arcs it folds.
    assertThat(tenArcs - threeArcs).isEqualTo(ContextBudget.wordTokens(120) + 8);
    assertThat(ninetyNineArcs).isEqualTo(tenArcs);
  }

  @Test
  void theSynopsisReadsEveryArcsSummary() {
    // Ten arcs of five: ten summaries of 295 tokens and a label, and a blurb of up to 200 words.
    assertThat(budget.synopsisCall(50, 5))
        .isEqualTo(64 + ContextBudget.wordTokens(120) + 10 * (295 + 8) + 372);
    // A book whose synopsis call cannot fit is refused at intake as any other.
    assertThat(budget.bookFits(300, 100, 1)).isEqualTo(budget.fits(budget.synopsisCall(100, 1)));
  }

  @Test
  void fromConfigTakesTheCapOfTheChosenServerAndTheRetrievalSizes() {
    assertThat(ContextBudget.from(Config.of(Map.of())))
        .isEqualTo(new ContextBudget(32768, "ollama.max.context", 3, 500));
    assertThat(
            ContextBudget.from(
                Config.of(
                    Map.of(
                        "model.provider", "openai",
                        "openai.base.url", "http://localhost:8000/v1",
                        "openai.max.context", "128000",
                        "memory.retrieval.k", "5"))))
        .isEqualTo(new ContextBudget(128000, "openai.max.context", 5, 500));
  }

  @Test
  void answerBoundsFollowTheLanguagesTokensPerWord() {
    assertThat(ContextBudget.tokensPerWordHundredths("en")).isEqualTo(140);
    assertThat(ContextBudget.tokensPerWordHundredths("el")).isEqualTo(490);
    assertThat(ContextBudget.tokensPerWordHundredths("hi")).isEqualTo(490);
    assertThat(ContextBudget.tokensPerWordHundredths("pt-BR")).isEqualTo(180);
    // English at 1.4 a word is the old bound, to the token.
    assertThat(ContextBudget.answerTokens(480, 140)).isEqualTo(ContextBudget.answerTokens(480));
    // 300 Greek words on Qwen 2.5 take 1,446 tokens; 480 are allowed, with 10% to spare.
    assertThat(ContextBudget.answerTokens(480, 490)).isEqualTo(2588 + 64);
  }

  @Test
  void thaiLaoKhmerAndBurmeseAreCountedByCharacterAsChineseAndJapaneseAre() {
    assertThat(ContextBudget.tokens("แมวนอน")).isEqualTo(6);
    assertThat(ContextBudget.tokens("ແມວນອນ")).isEqualTo(6);
    assertThat(ContextBudget.tokens("ឆ្មាដេក")).isEqualTo(7);
    assertThat(ContextBudget.tokens("ကြောင်")).isEqualTo(6);
  }
}
