package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BookBudgetTest {
  private static final BookBudget BUDGET_32K =
      new BookBudget(new ContextBudget(32768, "ollama.max.context"), 3, 500);

  private final BookBudget budget = BUDGET_32K;

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
    // Arcs of one carry the plan of one chapter where arcs of five carry five.
    assertThat(tenArcs - ninetyNineArcs)
        .isEqualTo(4 * (ContextBudget.wordTokens(BookBudget.PLAN_WORDS_PER_CHAPTER) + 8));
  }

  @Test
  void theSynopsisReadsEveryArcsSummary() {
    // Ten arcs of five: its instruction (160 words, the system message included), ten summaries
    // of 295 tokens and a label, and a blurb of up to 200 words.
    assertThat(budget.synopsisCall(50, 5))
        .isEqualTo(64 + ContextBudget.wordTokens(160) + 10 * (295 + 8) + 372);
    // A book whose synopsis call cannot fit is refused at intake as any other.
    assertThat(budget.bookFits(300, 100, 1))
        .isEqualTo(budget.context().fits(budget.synopsisCall(100, 1)));
  }

  @Test
  void fromConfigTakesTheCapOfTheChosenServerAndTheRetrievalSizes() {
    assertThat(BookBudget.from(Config.of(Map.of()))).isEqualTo(BUDGET_32K);
    assertThat(
            BookBudget.from(
                Config.of(
                    Map.of(
                        "model.provider", "openai",
                        "openai.base.url", "http://localhost:8000/v1",
                        "openai.max.context", "128000",
                        "memory.retrieval.k", "5"))))
        .isEqualTo(new BookBudget(new ContextBudget(128000, "openai.max.context"), 5, 500));
  }
}
