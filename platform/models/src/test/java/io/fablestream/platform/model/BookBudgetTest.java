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
      int largest = budget.largestWordsPerChapter(shape[0], shape[1], 1, 5000);

      if (largest < 5000) {
        assertThat(budget.bookFits(largest + 1, shape[0], shape[1], 1)).isFalse();
      }
      assertThat(budget.bookFits(largest, shape[0], shape[1], 1)).isTrue();
    }
  }

  @Test
  void anArcSummaryReadsItsWholeArcSoLongArcsOfLongChaptersOutgrowTheWindow() {
    // Five chapters of up to 8000 words each cannot be summarised in 32768 tokens...
    assertThat(budget.bookFits(5000, 5, 5, 1)).isFalse();
    assertThat(budget.summaryCall(5000, 5, 5)).isGreaterThan(32768);
    // ...but one chapter at a time can, and short books of long arcs too.
    assertThat(budget.bookFits(5000, 5, 1, 1)).isTrue();
    assertThat(budget.bookFits(300, 5, 5, 1)).isTrue();
  }

  @Test
  void laterChapterPromptsCarryTheLatestThreeSummariesAndTheOlderOnesFoldedAndBounded() {
    int oneArc = budget.chapterPrompt(6, 5, 1);
    int threeArcs = budget.chapterPrompt(16, 5, 1);
    int tenArcs = budget.chapterPrompt(51, 5, 1);
    int ninetyNineArcs = budget.chapterPrompt(100, 1, 1);

    // Two more summaries of at most 150 words (295 tokens) and a label each...
    assertThat(threeArcs - oneArc).isEqualTo(2 * (295 + 8));
    // ...then only the folded paragraph of 120 words, however many arcs it folds.
    assertThat(tenArcs - threeArcs).isEqualTo(ContextBudget.wordTokens(120) + 8);
    // Arcs of one carry the plan of one chapter where arcs of five carry five, and the previous
    // chapter's end where the fifth chapter of an arc of five lists how the four before it ended,
    // and the bible's share of each.
    assertThat(tenArcs - ninetyNineArcs)
        .isEqualTo(
            4 * (ContextBudget.wordTokens(BookBudget.PLAN_WORDS_PER_CHAPTER) + 8)
                + 3 * (ContextBudget.wordTokens(BookBudget.PREVIOUS_ENDING_WORDS) + 8)
                + 4 * BookBudget.BIBLE_RUN_CHAPTER_TOKENS);
  }

  @Test
  void aChapterPromptQuotesTheEndingsOfTheEarlierChaptersOfItsRunUpToFour() {
    // An ending of at most 80 words (112 tokens) and its label.
    int ending = ContextBudget.wordTokens(BookBudget.PREVIOUS_ENDING_WORDS) + 8;

    assertThat(BookBudget.endings(1, 1)).isEqualTo(1);
    assertThat(BookBudget.endings(20, 1)).isEqualTo(1);
    assertThat(BookBudget.endings(20, 2)).isEqualTo(1);
    assertThat(BookBudget.endings(20, 3)).isEqualTo(2);
    assertThat(BookBudget.endings(20, 5)).isEqualTo(4);
    // A run lists four chapters at most however long the arc; a short book, its chapters before.
    assertThat(BookBudget.endings(20, 10)).isEqualTo(4);
    assertThat(BookBudget.endings(3, 10)).isEqualTo(2);
    // Arcs of five against arcs of two of the same book: three more plan lines, three endings and
    // the bible's share of three more run chapters.
    assertThat(budget.chapterPrompt(20, 5, 1) - budget.chapterPrompt(20, 2, 1))
        .isEqualTo(
            3 * (ContextBudget.wordTokens(BookBudget.PLAN_WORDS_PER_CHAPTER) + 8)
                + 3 * ending
                + 3 * BookBudget.BIBLE_RUN_CHAPTER_TOKENS
                // arcs of two leave 9 arcs before the last chapter (three kept, six folded),
                // arcs of five leave 3 (all kept): the folded paragraph is the difference.
                - (ContextBudget.wordTokens(BookBudget.BOOK_SO_FAR_WORDS) + 8));
  }

  @Test
  void anAlbumsChapterPromptCarriesItsPictureWholeSoTheLargestLengthThatFitsIsSmaller() {
    // One analysis is up to 400 words: 680 tokens.
    int analysis = ContextBudget.answerTokens(BookBudget.ANALYSIS_WORDS);
    assertThat(analysis).isEqualTo(680);
    // The picture of the chapter: its heading (30 words) and its analysis.
    int picture = ContextBudget.wordTokens(30) + analysis;

    // The merged analysis of an album of two holds both pictures', and the chapter's picture
    // comes on top.
    assertThat(budget.chapterPrompt(5, 1, 2) - budget.chapterPrompt(5, 1, 1))
        .isEqualTo(analysis + picture);
    // A larger album's merged analysis is bounded by the merge's lists: four analyses at most.
    assertThat(budget.chapterPrompt(12, 1, 4) - budget.chapterPrompt(12, 1, 1))
        .isEqualTo(3 * analysis + picture);
    assertThat(budget.chapterPrompt(12, 1, 12)).isEqualTo(budget.chapterPrompt(12, 1, 4));
    // At 8192 tokens, the chapter call of arcs of one is what bounds the length.
    BookBudget small = new BookBudget(new ContextBudget(8192, "ollama.max.context"), 3, 500);
    int single = small.largestWordsPerChapter(5, 1, 1, 5000);
    int album = small.largestWordsPerChapter(5, 1, 3, 5000);
    assertThat(album).isLessThan(single);
    assertThat(small.bookFits(single, 5, 1, 1)).isTrue();
    assertThat(small.bookFits(single, 5, 1, 3)).isFalse();
    assertThat(small.bookFits(album, 5, 1, 3)).isTrue();
  }

  @Test
  void theStoryBiblesShareIsItsPartBeforeTheRunOneForEachChapterOfTheRunAndOneForNow() {
    // Its headings (40 words: 56 tokens), 600 before the run, 150 a run chapter, 400 for now.
    assertThat(BookBudget.bibleTokens(20, 1)).isEqualTo(56 + 600 + 400);
    assertThat(BookBudget.bibleTokens(20, 3)).isEqualTo(56 + 600 + 2 * 150 + 400);
    // A run lists four chapters at most, however long the arc.
    assertThat(BookBudget.bibleTokens(20, 10)).isEqualTo(56 + 600 + 4 * 150 + 400);
    // A book of one chapter has nothing earlier to list.
    assertThat(BookBudget.bibleTokens(1, 1)).isZero();
    // Chapter 2 of 2 in arcs of one carries the bible and the first arc's summary (295 tokens).
    assertThat(budget.chapterPrompt(2, 1, 1) - budget.chapterPrompt(1, 1, 1))
        .isEqualTo(BookBudget.bibleTokens(2, 1) + 295 + 8);
  }

  @Test
  void theFirstPlanningCallCarriesTheAnalysisTheAlbumBesideItsChaptersAndTheWholePlan() {
    int analysis = ContextBudget.answerTokens(BookBudget.ANALYSIS_WORDS);
    // Its instructions (280 words), the title, one analysis; a plan of 12 chapters of beats of 70
    // words with its title, main conflict and a cast of 12 of 25 words: 1,180 words.
    assertThat(BookBudget.firstPlanWords(12, 12)).isEqualTo(40 + 12 * 25 + 12 * 70);
    assertThat(budget.firstPlanCall(12, 1, 1))
        .isEqualTo(
            64 + ContextBudget.wordTokens(280) + 64 + analysis + ContextBudget.answerTokens(1180));
    // A book of 13 is planned in parts, beats shorter: arcs of 5 plan chapters 1-10 first, and
    // say where the rest goes.
    assertThat(io.fablestream.schemas.PlanRule.firstThrough(5, 13)).isEqualTo(10);
    assertThat(BookBudget.firstPlanWords(13, 10)).isEqualTo(40 + 12 * 25 + 10 * 45 + 40);
    // An album shows the pictures of the chapters planned, a line each of at most an analysis:
    // six pictures for a book of six, twelve at most however long the book and the album.
    int line = analysis + 8;
    int heading = ContextBudget.wordTokens(40);
    assertThat(budget.firstPlanCall(6, 1, 6) - budget.firstPlanCall(6, 1, 1))
        .isEqualTo(3 * analysis + heading + 6 * line);
    assertThat(budget.firstPlanCall(100, 1, 40) - budget.firstPlanCall(100, 1, 1))
        .isEqualTo(3 * analysis + heading + 12 * line);
    // A book of at most 12 chapters has no later planning call.
    assertThat(budget.planPartCall(12, 1, 1)).isZero();
    assertThat(budget.planCall(12, 1, 1)).isEqualTo(budget.firstPlanCall(12, 1, 1));
  }

  @Test
  void aLaterPlanningCallCarriesThePlanSoFarTheSummariesTheBiblesShareAndItsPart() {
    // 100 chapters in arcs of 10: a part of 10 chapters. Its instructions (220 words), the title,
    // the first plan's title, main conflict, cast and direction (380 words as an answer), 12 beats
    // shown, three summaries and the older ones folded, the bible's section (40 words of headings,
    // 600 tokens), and the answer: 10 beats of 45 words and the JSON's 20.
    int expected =
        64
            + ContextBudget.wordTokens(220)
            + 64
            + ContextBudget.answerTokens(40 + 12 * 25 + 40)
            + 12 * (ContextBudget.wordTokens(70) + 8)
            + 3 * (295 + 8)
            + ContextBudget.wordTokens(120)
            + 8
            + ContextBudget.wordTokens(40)
            + BookBudget.BIBLE_PLAN_TOKENS;
    assertThat(budget.planPartPrompt(100, 10, 1)).isEqualTo(expected);
    assertThat(budget.planPartCall(100, 10, 1))
        .isEqualTo(expected + ContextBudget.answerTokens(20 + 10 * 45));
    // A part is one arc, at most 12 chapters, each with its picture in an album.
    assertThat(budget.planPartCall(100, 30, 100) - budget.planPartCall(100, 30, 1))
        .isEqualTo(ContextBudget.wordTokens(40) + 12 * (ContextBudget.answerTokens(400) + 8));
    // The largest of the two is the book's planning call.
    assertThat(budget.planCall(100, 10, 1))
        .isEqualTo(Math.max(budget.firstPlanCall(100, 10, 1), budget.planPartCall(100, 10, 1)));
  }

  @Test
  void aBookWhoseOnlyCallTooLargeIsThePlanningCallIsRefused() {
    // At 8192 tokens, a book of 6 chapters in arcs of 1 from an album of 6: every other call fits
    // at 88 words a chapter, but the first plan shows the merged analysis (four analyses' worth)
    // and six pictures' lines, and asks for six beats of 70 words and a cast of 12.
    BookBudget small = new BookBudget(new ContextBudget(8192, "ollama.max.context"), 3, 500);
    assertThat(small.context().fits(small.visionCall())).isTrue();
    assertThat(small.context().fits(small.chapterCall(88, 6, 1, 6))).isTrue();
    assertThat(small.context().fits(small.judgeCall(88))).isTrue();
    assertThat(small.context().fits(small.summaryCall(88, 6, 1))).isTrue();
    assertThat(small.context().fits(small.synopsisCall(6, 1))).isTrue();
    assertThat(small.planCall(6, 1, 6)).isGreaterThan(8192);

    assertThat(small.bookFits(88, 6, 1, 6)).isFalse();
    assertThat(small.largestWordsPerChapter(6, 1, 6, 5000)).isZero();
    // The same book from four pictures is planned within the window.
    assertThat(small.bookFits(88, 6, 1, 4)).isTrue();
  }

  @Test
  void theSynopsisReadsEveryArcsSummary() {
    // Ten arcs of five: its instruction (160 words, the system message included), ten summaries
    // of 295 tokens and a label, and a blurb of up to 200 words.
    assertThat(budget.synopsisCall(50, 5))
        .isEqualTo(64 + ContextBudget.wordTokens(160) + 10 * (295 + 8) + 372);
    // A book whose synopsis call cannot fit is refused at intake as any other.
    assertThat(budget.bookFits(300, 100, 1, 1))
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
