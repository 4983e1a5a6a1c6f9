package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The story bible in the writer's prompt keeps chapter order, so that each chapter's prompt of an
 * arc repeats the one before it as a prefix that a server's cache reuses.
 */
class BiblePromptTest {

  /** The bible part of the prompts of chapters 1 to {@code through}, each with the bible then. */
  private static List<String> bibleParts(BookState book, int through) {
    StoryBible bible = StoryBible.seed(book);
    List<String> parts = new ArrayList<>();
    for (int n = 1; n <= through; n++) {
      parts.add(BiblePrompt.inOrder(book, n, c -> Optional.of("the end of chapter " + c)));
      bible =
          bible.with(
              new BibleUpdate(
                  "Two. Sentences.",
                  n == 2
                      ? List.of(new BibleUpdate.NewCharacter("Tobin", List.of(), "the old keeper"))
                      : List.of(),
                  List.of(new BibleUpdate.CharacterChange("Mira", "wet through in chapter " + n)),
                  List.of("the lamp has " + n + " cracks", "the stair has " + n + " steps missing"),
                  List.of("who rang the bell in chapter " + n),
                  n > 1 ? List.of("who rang the bell in chapter " + (n - 1)) : List.of()),
              n);
      book.setBible(bible.toJson());
    }
    return parts;
  }

  @Test
  void eachChapterOfAnArcRepeatsTheBiblePartOfTheChapterBeforeAndAddsWhatThatChapterSet() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 5), 0);

    List<String> parts = bibleParts(book, 11);

    for (int n = 7; n <= 10; n++) {
      assertThat(parts.get(n - 1)).as("chapter %d", n).startsWith(parts.get(n - 2));
    }
    // Chapter 10's: what came before the arc, then chapters 6 to 9 in order, each with its ending.
    assertThat(parts.get(9))
        .startsWith("THE STORY BIBLE AND THE ARC SO FAR")
        .containsSubsequence(
            "Before chapter 6:\n",
            "- Tobin: the old keeper [chapter 2]\n",
            "- open: who rang the bell in chapter 5 [opened in chapter 5]\n",
            "Chapter 6:\n- the lamp has 6 cracks\n- the stair has 6 steps missing\n"
                + "- opened: who rang the bell in chapter 6\n"
                + "- closed: who rang the bell in chapter 5\n"
                + "It ended: \"...the end of chapter 6\"\n",
            "Chapter 7:\n",
            "Chapter 8:\n",
            "Chapter 9:\n",
            "It ended: \"...the end of chapter 9\"\n")
        .doesNotContain("Chapter 10:", "the lamp has 1 cracks [", "wet through");
    // A new arc starts a new run.
    assertThat(parts.get(10)).contains("Before chapter 11:\n").doesNotContain("Chapter 10:\n");
  }

  @Test
  void aLongArcListsAtMostFourChaptersOneByOne() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 10), 0);

    List<String> parts = bibleParts(book, 10);

    assertThat(BiblePrompt.runStart(book, 5)).isEqualTo(1);
    assertThat(BiblePrompt.runStart(book, 6)).isEqualTo(5);
    assertThat(parts.get(8))
        .contains("Before chapter 5:\n", "Chapter 5:\n", "Chapter 8:\n")
        .doesNotContain("Chapter 4:\n", "Chapter 9:\n");
    assertThat(parts.get(8).split("It ended:", -1)).hasSize(1 + BiblePrompt.RUN_CHAPTERS);
  }

  @Test
  void howTheCharactersStandNowComesApartFromTheRun() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 5), 0);
    bibleParts(book, 7);

    assertThat(BiblePrompt.now(book, 8))
        .isEqualTo("How characters stand now:\n- Mira: wet through in chapter 7 [chapter 7]\n");
  }
}
