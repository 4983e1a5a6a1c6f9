package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The story bible in the writer's prompt keeps chapter order, so that each chapter's prompt of an
 * arc repeats the one before it as a prefix that a server's cache reuses.
 */
class BiblePromptTest {
  private static final int MAX_FACTS = StoryBible.MAX_FACTS;

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
              n,
              BiblePrompt.runEndsAfter(book, n));
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

  /**
   * What chapter {@code n} of a long book says: {@link BibleUpdate#MAX_PER_CHAPTER} facts and
   * threads opened, three of the chapter before's threads resolved; Tobin and Ada come in early,
   * and chapter 7 gives Tobin another name and Ada, who came in without one, a line.
   */
  private static BibleUpdate crowded(int n) {
    List<String> facts = new ArrayList<>();
    List<String> opened = new ArrayList<>();
    for (int i = 0; i < BibleUpdate.MAX_PER_CHAPTER; i++) {
      facts.add("the tide left mark c%02df%d".formatted(n, i));
      opened.add("who hid riddle c%02dt%d".formatted(n, i));
    }
    List<String> resolved = new ArrayList<>();
    for (int i = 0; n > 1 && i < 3; i++) {
      resolved.add("who hid riddle c%02dt%d".formatted(n - 1, i));
    }
    List<BibleUpdate.NewCharacter> met =
        switch (n) {
          case 1 -> List.of(new BibleUpdate.NewCharacter("Tobin", List.of(), "the old sailor"));
          case 2 -> List.of(new BibleUpdate.NewCharacter("Ada", List.of(), ""));
          case 7 ->
              List.of(
                  new BibleUpdate.NewCharacter("Tobin", List.of("the lamplighter"), "a liar"),
                  new BibleUpdate.NewCharacter("Ada", List.of(), "a diver from the harbor"));
          default -> List.of();
        };
    List<BibleUpdate.CharacterChange> changes =
        n == 8
            ? List.of(new BibleUpdate.CharacterChange("the lamplighter", "lost his key"))
            : List.of();
    return new BibleUpdate("Two. Sentences.", met, changes, facts, opened, resolved);
  }

  @Test
  void inALongBookPastEveryCapEachChapterOfARunStillRepeatsThePartOfTheChapterBefore() {
    // Arcs of 10: the prompts of chapters 1-5 list from chapter 1 on, those of 6-9 from 5 on
    // (what chapters 1-4 set is before that run), 10 from 9 on.
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 20, 10), 0);
    StoryBible bible = StoryBible.seed(book);
    List<String> parts = new ArrayList<>();
    Set<String> passed = new HashSet<>();
    for (int n = 1; n <= 20; n++) {
      parts.add(BiblePrompt.inOrder(book, n, c -> Optional.of("the end of chapter " + c)));
      bible = bible.with(crowded(n), n, BiblePrompt.runEndsAfter(book, n));
      book.setBible(bible.toJson());
      long resolved = bible.threads().stream().filter(t -> !t.open()).count();
      if (BiblePrompt.runEndsAfter(book, n)) {
        assertThat(bible.facts()).as("after chapter %d", n).hasSizeLessThanOrEqualTo(MAX_FACTS);
        assertThat(bible.openThreads()).hasSizeLessThanOrEqualTo(StoryBible.MAX_OPEN_THREADS);
        assertThat(resolved).isLessThanOrEqualTo(StoryBible.MAX_RESOLVED_THREADS);
        assertThat(bible.held()).isEmpty();
      } else {
        passed.add(bible.facts().size() > MAX_FACTS ? "facts" : "");
        passed.add(bible.openThreads().size() > StoryBible.MAX_OPEN_THREADS ? "open" : "");
        passed.add(resolved > StoryBible.MAX_RESOLVED_THREADS ? "resolved" : "");
      }
    }

    int runs = 0;
    for (int n = 2; n <= 20; n++) {
      if (BiblePrompt.runStart(book, n) == BiblePrompt.runStart(book, n - 1)) {
        assertThat(parts.get(n - 1)).as("chapter %d", n).startsWith(parts.get(n - 2));
        runs++;
      }
    }
    assertThat(runs).isEqualTo(14);
    // Within runs the lists went past their caps, and nothing was dropped yet.
    assertThat(passed).contains("facts", "open", "resolved");
    // Chapter 9's part: the lines of chapter 6's, which chapters 6 to 8 would have changed.
    assertThat(linesAfter(parts.get(8), "Before chapter 5:\n"))
        .contains(
            "- Tobin: the old sailor [chapter 1]\n",
            "- Ada [chapter 2]\n",
            "- open: who hid riddle c02t6 [opened in chapter 2]\n");
    // What chapter 7 said of them is not lost: the next run shows it.
    assertThat(parts.get(9))
        .contains(
            "- Tobin (also the lamplighter): the old sailor [chapter 1]\n",
            "- Ada: a diver from the harbor [chapter 2]\n");
    assertThat(bible.person("the lamplighter").orElseThrow().changes())
        .contains(new StoryBible.Change(8, "lost his key"));
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

  /** A line of about {@code words} words, different for every seed. */
  private static String text(long seed, int words) {
    return StoryBible.cut(StoryText.of(seed, words));
  }

  /** Keepers 1 to {@code count}, each as made. */
  private static List<StoryBible.Person> keepers(
      int count, java.util.function.IntFunction<StoryBible.Person> keeper) {
    return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(keeper).toList();
  }

  /** The lines of a bible part under its heading, up to the next heading. */
  private static List<String> linesAfter(String part, String heading) {
    String rest = part.substring(part.indexOf(heading) + heading.length());
    List<String> lines = new ArrayList<>();
    for (String line : rest.split("\n")) {
      if (!line.startsWith("- ")) {
        break;
      }
      lines.add(line + "\n");
    }
    return lines;
  }

  private static int tokens(List<String> lines) {
    return lines.stream().mapToInt(ContextBudget::tokens).sum();
  }

  @Test
  void linesPastTheShareBeforeTheRunAreDroppedWholeTheLeastBearingFirst() {
    // An arc of one: chapter 10's part before the run lists what chapters 1 to 9 set. No plan,
    // so the newest fact bears most.
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 1), 0);
    List<StoryBible.Person> cast =
        keepers(6, i -> new StoryBible.Person("Keeper " + i, List.of(), text(i, 30), i, List.of()));
    List<StoryBible.Fact> facts = new ArrayList<>();
    for (int c = 1; c <= 8; c++) {
      facts.add(new StoryBible.Fact(text(100 + c, 30), c));
    }
    List<StoryBible.StoryThread> threads =
        List.of(new StoryBible.StoryThread("who rang the bell", 2, null));
    book.setBible(new StoryBible(cast, facts, threads).toJson());

    String part = BiblePrompt.inOrder(book, 10, c -> Optional.empty());

    List<String> lines = linesAfter(part, "Before chapter 10:\n");
    // Every character met, then the newest facts as long as they fit: whole lines, in chapter
    // order; the older facts and the thread after the first line that would pass are left out.
    assertThat(lines).hasSizeGreaterThan(6).hasSizeLessThan(6 + 8);
    assertThat(lines.subList(0, 6))
        .allSatisfy(line -> assertThat(line).startsWith("- Keeper ").endsWith("]\n"));
    int keptFacts = lines.size() - 6;
    List<String> expected = new ArrayList<>();
    for (int c = 9 - keptFacts; c <= 8; c++) {
      expected.add("- " + text(100 + c, 30) + " [chapter " + c + "]\n");
    }
    assertThat(lines.subList(6, lines.size())).containsExactlyElementsOf(expected);
    String firstDropped =
        "- " + text(100 + 8 - keptFacts, 30) + " [chapter " + (8 - keptFacts) + "]\n";
    assertThat(part)
        .doesNotContain(text(100 + 8 - keptFacts, 30).substring(0, 40), "open: who rang");
    assertThat(tokens(lines)).isLessThanOrEqualTo(BookBudget.BIBLE_BEFORE_TOKENS);
    assertThat(tokens(lines) + ContextBudget.tokens(firstDropped))
        .isGreaterThan(BookBudget.BIBLE_BEFORE_TOKENS);
  }

  @Test
  void aRunChaptersLinesPastItsShareAreDroppedWholeInTheOrderTheyAreListed() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 5), 0);
    List<StoryBible.Person> cast =
        keepers(3, i -> new StoryBible.Person("Keeper " + i, List.of(), text(i, 30), 2, List.of()));
    List<StoryBible.Fact> facts = List.of(new StoryBible.Fact("the lamp has two cracks", 2));
    book.setBible(new StoryBible(cast, facts, List.of()).toJson());

    String part = BiblePrompt.inOrder(book, 3, c -> Optional.of("the end of chapter " + c));

    List<String> lines = linesAfter(part, "Chapter 2:\n");
    // Three characters of some 60 tokens each: two fit the chapter's 150, and nothing after.
    assertThat(lines)
        .containsExactly(
            "- new: Keeper 1: " + text(1, 30) + " [chapter 2]\n",
            "- new: Keeper 2: " + text(2, 30) + " [chapter 2]\n");
    assertThat(part).doesNotContain("Keeper 3", "the lamp has two cracks");
    assertThat(part).endsWith("It ended: \"...the end of chapter 2\"\n");
    assertThat(tokens(lines)).isLessThanOrEqualTo(BookBudget.BIBLE_RUN_CHAPTER_TOKENS);
  }

  @Test
  void overItsShareEachChapterOfTheRunStillRepeatsTheBiblePartOfTheChapterBeforeWhole() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 5), 0);
    StoryBible bible = StoryBible.seed(book);
    List<String> parts = new ArrayList<>();
    for (int n = 1; n <= 10; n++) {
      parts.add(BiblePrompt.inOrder(book, n, c -> Optional.of("the end of chapter " + c)));
      List<BibleUpdate.NewCharacter> met = new ArrayList<>();
      List<String> set = new ArrayList<>();
      List<String> opened = new ArrayList<>();
      for (int i = 0; i < BibleUpdate.MAX_PER_CHAPTER; i++) {
        met.add(
            new BibleUpdate.NewCharacter("Keeper " + n + "-" + i, List.of(), text(n * 10 + i, 40)));
        set.add(text(1000 + n * 10 + i, 40));
        opened.add(text(2000 + n * 10 + i, 40));
      }
      bible =
          bible.with(
              new BibleUpdate("", met, List.of(), set, opened, List.of()),
              n,
              BiblePrompt.runEndsAfter(book, n));
      book.setBible(bible.toJson());
    }

    for (int n = 7; n <= 10; n++) {
      assertThat(parts.get(n - 1)).as("chapter %d", n).startsWith(parts.get(n - 2));
    }
    // Over its share: of the 16 characters, 24 facts and threads before chapter 6, some only.
    List<String> before = linesAfter(parts.get(9), "Before chapter 6:\n");
    assertThat(before).hasSizeLessThan(16);
    assertThat(tokens(before)).isLessThanOrEqualTo(BookBudget.BIBLE_BEFORE_TOKENS);
    assertThat(tokens(linesAfter(parts.get(9), "Chapter 9:\n")))
        .isLessThanOrEqualTo(BookBudget.BIBLE_RUN_CHAPTER_TOKENS);
  }

  @Test
  void inTheLastChapterTheThreadsToCloseComeBeforeHowTheCharactersStandWithinTheShare() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 12, 1), 0);
    List<StoryBible.Person> cast =
        keepers(
            8,
            i ->
                new StoryBible.Person(
                    "Keeper " + i,
                    List.of(),
                    "",
                    i,
                    List.of(new StoryBible.Change(i, text(300 + i, 30)))));
    List<StoryBible.StoryThread> threads = new ArrayList<>();
    for (int t = 1; t <= 6; t++) {
      threads.add(new StoryBible.StoryThread(text(400 + t, 30), t, null));
    }
    book.setBible(new StoryBible(cast, List.of(), threads).toJson());

    String last = BiblePrompt.now(book, 12);
    String before = BiblePrompt.now(book, 11);

    // Every thread to close (six of some 55 tokens), then as many characters as fit the rest.
    List<String> toClose = linesAfter(last, "(this last chapter closes them):\n");
    assertThat(toClose).hasSize(6);
    List<String> standing = linesAfter(last, "How characters stand now:\n");
    assertThat(standing).hasSizeGreaterThan(0).hasSizeLessThan(8);
    assertThat(standing.getFirst()).startsWith("- Keeper 1: ");
    assertThat(tokens(toClose) + tokens(standing)).isLessThanOrEqualTo(BookBudget.BIBLE_NOW_TOKENS);
    // Before the last chapter there are no threads to close: more characters fit.
    assertThat(linesAfter(before, "How characters stand now:\n"))
        .hasSizeGreaterThan(standing.size());
  }
}
