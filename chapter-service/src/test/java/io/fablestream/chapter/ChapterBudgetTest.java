package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.PictureSeed;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.schemas.BookLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analyzer refuses at intake a book whose calls cannot fit the model's context, from the sizes
 * {@link BookBudget} assumes. These tests hold those sizes to the prompts this service really
 * builds: the largest chapter prompt and the judge's call stay within them, and every call asks for
 * the answer length the budget counts on.
 */
class ChapterBudgetTest extends ChapterLineTest {
  private static final int WORDS = 3000;
  private static final int CHAPTERS = 20;
  private static final int ARC = 2;

  private final BookBudget budget = BookBudget.from(Config.of(Map.of()));

  /** The largest book of its shape: every text a prompt carries at the most its source allows. */
  private static BookState largestBook() {
    return largestBook(CHAPTERS, ARC, List.of());
  }

  /**
   * The largest book of a shape, from one picture or an album: the analysis, the title and every
   * summary at the most their sources allow.
   */
  private static BookState largestBook(int chapters, int arc, List<PictureSeed> album) {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", chapters, arc), 0);
    // The analysis: one vision answer, at most ANALYSIS_WORDS words in all.
    PictureSeed analysis = album.isEmpty() ? largestPicture(0) : merged(album);
    book.setStory(
        new StorySeed(
            analysis.getSetting(),
            analysis.getCharacters(),
            analysis.getMood(),
            analysis.getObjects(),
            analysis.getConflicts(),
            album));
    book.setTitle("T".repeat(200));
    book.setWordsPerChapter(WORDS);
    List<ArcNote> summaries = new ArrayList<>();
    for (int through = arc; through < chapters; through += arc) {
      summaries.add(
          new ArcNote(
              through - arc + 1,
              through,
              // A summary is bounded by its answer's tokens, not its words.
              filling(100 + through, ContextBudget.answerTokens(BookBudget.SUMMARY_WORDS)),
              null));
    }
    book.setSummaries(summaries);
    return book;
  }

  /** The longest text of a seed whose tokens stay within {@code tokens}: an answer at its bound. */
  private static String filling(long seed, int tokens) {
    int words = 1;
    while (ContextBudget.tokens(StoryText.of(seed, words + 1)) <= tokens) {
      words++;
    }
    return StoryText.of(seed, words);
  }

  /** One picture's analysis at its most: ANALYSIS_WORDS words in all, different for every seed. */
  private static PictureSeed largestPicture(int seed) {
    return new PictureSeed(
        StoryText.of(seed + 1, 80),
        List.of(StoryText.of(seed + 2, 30), StoryText.of(seed + 3, 30), StoryText.of(seed + 4, 30)),
        StoryText.of(seed + 5, 10),
        List.of(StoryText.of(seed + 6, 20), StoryText.of(seed + 7, 20), StoryText.of(seed + 8, 20)),
        List.of(
            StoryText.of(seed + 9, 40),
            StoryText.of(seed + 10, 40),
            StoryText.of(seed + 11, 40),
            StoryText.of(seed + 12, 40)));
  }

  /**
   * An album's analysis as the analyzer merges it: the first picture's setting and mood, and every
   * picture's characters, objects and conflicts, within the merge's bounds (16 characters, 24
   * objects, 12 conflicts), which two pictures of these sizes do not reach.
   */
  private static PictureSeed merged(List<PictureSeed> album) {
    return new PictureSeed(
        album.getFirst().getSetting(),
        album.stream().flatMap(p -> p.getCharacters().stream()).limit(16).toList(),
        album.getFirst().getMood(),
        album.stream().flatMap(p -> p.getObjects().stream()).limit(24).toList(),
        album.stream().flatMap(p -> p.getConflicts().stream()).limit(12).toList());
  }

  /**
   * The book's plan at its most: a beat and an ending of PLAN_WORDS_PER_CHAPTER words in all for
   * every chapter, and no cast (the budget counts the cast within the analysis it repeats).
   */
  private static void planEveryChapter(BookState book) {
    List<BookPlan.Beat> beats = new ArrayList<>();
    for (int n = 1; n <= book.getChapterCount(); n++) {
      beats.add(
          new BookPlan.Beat(
              n,
              StoryText.of(600 + n, BookBudget.PLAN_WORDS_PER_CHAPTER - 20),
              StoryText.of(700 + n, 20)));
    }
    book.setPlan(new BookPlan(null, List.of(), StoryText.of(800, 20), beats).toJson());
  }

  /** The chapters before the last one, each at the longest the validator lets through. */
  private static List<ChapterText> earlierChapters() {
    return earlierChapters(CHAPTERS);
  }

  /** The chapters before chapter {@code last}, each at the longest the validator lets through. */
  private static List<ChapterText> earlierChapters(int last) {
    List<ChapterText> chapters = new ArrayList<>();
    for (int n = 1; n < last; n++) {
      String text = StoryText.of(200 + n, BookBudget.longestChapter(WORDS));
      chapters.add(
          ChapterText.newBuilder()
              .setNumber(n)
              .setTitle("Chapter " + n)
              .setText(text)
              .setWordCount(BookLanguage.wordsIn(text))
              .setJudgeScore(null)
              .setConflictsAdvanced(null)
              .build());
    }
    return chapters;
  }

  private static List<MemoryHit> passages(int count, int chars) {
    List<MemoryHit> hits = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String text = StoryText.of(300 + i, 200).substring(0, chars);
      hits.add(new MemoryHit("book-1", MemoryKind.CHAPTER, i + 1, 0, text, List.of(), 0.9));
    }
    return hits;
  }

  @Test
  void theValidatorsLongestChapterIsTheOneTheBudgetCounts() {
    assertThat(ChapterValidator.MAX_LENGTH).isEqualTo(BookBudget.LONGEST_CHAPTER);
  }

  @Test
  void theEndingsAPromptQuotesAreTheOnesTheBudgetCounts() {
    assertThat(ChapterPrompt.PREVIOUS_ENDING_WORDS).isEqualTo(BookBudget.PREVIOUS_ENDING_WORDS);
    assertThat(BiblePrompt.RUN_CHAPTERS).isEqualTo(BookBudget.RUN_ENDINGS);
  }

  /**
   * Every note a rewrite of the last chapter can carry: its draft too short, repeating the last
   * chapter, off mood, advancing no conflict.
   */
  private static List<String> everyNote(BookState book, List<ChapterText> earlier) {
    ChapterValidator validator = new ChapterValidator(ChapterSettings.from(Config.of(Map.of())));
    String repeated = earlier.getLast().getText();
    Draft draft = new Draft("Again", repeated.substring(0, repeated.length() / 3));
    Verdict verdict =
        validator.verdict(
            validator.localChecks(draft, WORDS, earlier, book.getChapterCount()),
            StoryModel.judgement(1, List.of()),
            io.fablestream.platform.model.Usage.NONE,
            book.getStory(),
            draft,
            List.of());
    assertThat(verdict.failures()).hasSize(4);
    return verdict.notes();
  }

  /** The writer's prompt tokens, system message included. */
  private static int tokensOf(BookState book, String prompt) {
    return ContextBudget.promptTokens(
        ModelRequest.text("writer", prompt).withSystem(ChapterPrompt.system(book)));
  }

  @Test
  void theLargestRewritePromptStaysWithinWhatTheBudgetAssumes() {
    BookState book = largestBook();
    List<ChapterText> earlier = earlierChapters();
    String repeated = earlier.getLast().getText();

    String prompt =
        ChapterPrompt.rewrite(
            ChapterPrompt.forChapter(
                book, CHAPTERS, passages(3, 500), java.util.Optional.of(repeated)),
            everyNote(book, earlier));
    int measured = tokensOf(book, prompt);

    int assumed = budget.chapterPrompt(CHAPTERS, ARC, 1);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    // The bound is a worst case, but not a careless one. This book's bible is its seed, which the
    // prompt does not repeat; a test below fills it.
    assertThat(measured).isGreaterThan((assumed - BookBudget.bibleTokens(CHAPTERS, ARC)) * 6 / 10);
  }

  @Test
  void theLargestRewritePromptOfAnAlbumsArcOfFiveQuotesFourEndingsAndItsPictureWithinTheBudget() {
    int chapters = 20;
    int arc = 5;
    // Chapter 20's run is chapters 16 to 19: it lists how each of them ended.
    BookState book = largestBook(chapters, arc, List.of(largestPicture(20), largestPicture(40)));
    planEveryChapter(book);
    List<ChapterText> earlier = earlierChapters(chapters);

    String prompt = lastRewrite(book, earlier);
    int measured = tokensOf(book, prompt);

    assertThat(prompt.split("It ended: ", -1)).hasSize(1 + BookBudget.RUN_ENDINGS);
    assertThat(prompt).contains("THE PICTURE OF THIS CHAPTER", "This chapter grows from picture 2");
    int assumed = budget.chapterPrompt(chapters, arc, 2);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    // Tight enough that the budget fails it if it leaves out the picture or the three endings
    // besides the previous chapter's. Its bible is the seed, which the prompt does not repeat.
    int threeEndings = 3 * (ContextBudget.wordTokens(BookBudget.PREVIOUS_ENDING_WORDS) + 8);
    assertThat(assumed - BookBudget.bibleTokens(chapters, arc) - measured).isLessThan(threeEndings);
  }

  @Test
  void theLargestRewritePromptOfThatAlbumWithItsStoryBibleAtEveryCapStaysWithinTheBudget() {
    BookState book = largestBook(20, 5, List.of(largestPicture(20), largestPicture(40)));
    planEveryChapter(book);
    book.setBible(fullBible().toJson());
    List<ChapterText> earlier = earlierChapters(20);

    String prompt = lastRewrite(book, earlier);
    int measured = tokensOf(book, prompt);

    // Every part is over its share, and cut: of the 12 characters met before the run, 8 facts and
    // 6 threads, the first lines; of each run chapter's, none (its new character's line alone is
    // over the share); of the 10 threads to close and the 16 characters' standing, the first.
    assertThat(prompt).contains("Before chapter 16:\n", "Chapter 19:\nIt ended", "closes them):");
    assertThat(prompt.split(" \\(also ", -1)).hasSizeBetween(2, 12);
    assertThat(prompt.split("\\n- open: ", -1)).hasSizeLessThan(1 + 6);
    assertThat(prompt.split("\\n- opened: ", -1)).hasSizeLessThan(1 + 24);
    int assumed = budget.chapterPrompt(20, 5, 2);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    // The bible's share is counted: a budget that left it out would fail this.
    assertThat(measured).isGreaterThan(assumed - BookBudget.bibleTokens(20, 5));
  }

  @Test
  void aBookFromOnePictureWithItsStoryBibleAtEveryCapGetsARealPromptAtTheDefaultWindow() {
    BookState book = largestBook(20, 5, List.of());
    planEveryChapter(book);
    book.setBible(fullBible().toJson());
    List<ChapterText> earlier = earlierChapters(20);

    int measured = tokensOf(book, lastRewrite(book, earlier));

    assertThat(measured).isLessThanOrEqualTo(budget.chapterPrompt(20, 5, 1));
    // A book of 20 chapters of 2,000 words in arcs of five passes at the default 32768 tokens.
    assertThat(budget.bookFits(2000, 20, 5, 1)).isTrue();
  }

  @Test
  void theFirstChaptersPromptCarriesNoneOfTheBibleSoABookOfOneChapterIsBudgetedWithout() {
    BookState book = largestBook(20, 5, List.of());
    book.setBible(fullBible().toJson());

    String prompt = ChapterPrompt.forChapter(book, 1, List.of(), java.util.Optional.empty());

    assertThat(prompt).doesNotContain("STORY BIBLE", "How characters stand now", "Open threads");
    assertThat(BookBudget.bibleTokens(1, 1)).isZero();
  }

  /** A line of the bible at its longest: cut at MAX_LINE_CHARS, different for every seed. */
  private static String longestLine(long seed) {
    String line = StoryBible.cut(StoryText.of(seed, 60));
    assertThat(line).hasSize(StoryBible.MAX_LINE_CHARS + 3);
    return line;
  }

  /**
   * The story bible at every cap that the writer's prompt of chapter 20 of arcs of five shows (its
   * run is chapters 16 to 19), every line at its longest: 16 characters with 4 aliases each, 12 met
   * before the run and 4 in it, each changed; 3 facts of every chapter; 6 threads opened before the
   * run and still open, 14 opened in the run and open, and 10 opened and closed in it.
   */
  private static StoryBible fullBible() {
    List<StoryBible.Person> cast = new ArrayList<>();
    for (int i = 0; i < StoryBible.MAX_CAST; i++) {
      int first = i < 12 ? 1 + i : 16 + (i - 12);
      List<String> aliases = new ArrayList<>();
      for (int a = 0; a < StoryBible.MAX_ALIASES; a++) {
        aliases.add(longestLine(1000 + 10 * i + a));
      }
      List<StoryBible.Change> changes = new ArrayList<>();
      for (int c = 0; c < StoryBible.MAX_CHANGES; c++) {
        changes.add(new StoryBible.Change(Math.min(19, first + c), longestLine(2000 + 10 * i + c)));
      }
      cast.add(
          new StoryBible.Person(
              longestLine(3000 + i), aliases, longestLine(3100 + i), first, changes));
    }
    List<StoryBible.Fact> facts = new ArrayList<>();
    facts.add(new StoryBible.Fact(longestLine(4000), 0));
    for (int c = 1; c < 20; c++) {
      for (int f = 0; f < BiblePrompt.RUN_FACTS; f++) {
        facts.add(new StoryBible.Fact(longestLine(4000 + 10 * c + f), c));
      }
    }
    List<StoryBible.StoryThread> threads = new ArrayList<>();
    for (int t = 0; t < BiblePrompt.PROMPT_THREADS; t++) {
      threads.add(new StoryBible.StoryThread(longestLine(5000 + t), 1 + t, null));
    }
    for (int t = 0; t < StoryBible.MAX_OPEN_THREADS - BiblePrompt.PROMPT_THREADS; t++) {
      threads.add(new StoryBible.StoryThread(longestLine(5100 + t), 16 + t % 4, null));
    }
    for (int t = 0; t < StoryBible.MAX_RESOLVED_THREADS; t++) {
      threads.add(new StoryBible.StoryThread(longestLine(5200 + t), 16 + t % 3, 17 + t % 3));
    }
    StoryBible bible = new StoryBible(cast, facts, threads);
    assertThat(bible.facts()).hasSizeLessThanOrEqualTo(StoryBible.MAX_FACTS);
    assertThat(bible.openThreads()).hasSize(StoryBible.MAX_OPEN_THREADS);
    return bible;
  }

  /** The rewrite prompt of the last chapter of a book, every earlier chapter's text at hand. */
  private static String lastRewrite(BookState book, List<ChapterText> earlier) {
    return ChapterPrompt.rewrite(
        ChapterPrompt.forChapter(
            book,
            book.getChapterCount(),
            passages(3, 500),
            c -> java.util.Optional.of(earlier.get(c - 1).getText())),
        everyNote(book, earlier));
  }

  @Test
  void thePlanningRulesAreTheOnesTheBudgetCounts() {
    assertThat(BookPlan.MAX_CAST).isEqualTo(BookBudget.PLAN_CAST);
    assertThat(PlanPrompt.BEATS_SHOWN).isEqualTo(BookBudget.PLAN_BEATS_SHOWN);
  }

  /** An album of so many pictures, each analysis at its most. */
  private static List<PictureSeed> album(int pictures) {
    List<PictureSeed> album = new ArrayList<>();
    for (int k = 0; k < pictures; k++) {
      album.add(largestPicture(20 * (k + 1)));
    }
    return album;
  }

  /** The plan's cast at its most: every character a name and a line, the words asked for. */
  private static List<BookPlan.Character> fullCast() {
    List<BookPlan.Character> cast = new ArrayList<>();
    for (int i = 0; i < BookPlan.MAX_CAST; i++) {
      cast.add(new BookPlan.Character(StoryText.of(900 + i, 3), StoryText.of(950 + i, 22)));
    }
    return cast;
  }

  @Test
  void theLargestFirstPlanningPromptOfAnAlbumOfTwelveStaysWithinTheBudget() {
    // Twelve chapters are planned in one call, with the longest beats; an album of twelve shows
    // every picture beside its chapter.
    BookState book = largestBook(12, 1, album(12));

    ModelRequest sent = PlanPrompt.request(book, ChapterSettings.from(Config.of(Map.of())));
    int measured = ContextBudget.promptTokens(sent);

    assertThat(sent.prompt()).contains("Picture 12 (chapter 12)");
    assertThat(sent.answerWords()).isEqualTo(BookBudget.firstPlanWords(12, 12));
    int assumed = budget.firstPlanPrompt(12, 1, 12);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    assertThat(budget.firstPlanCall(12, 1, 12))
        .isEqualTo(assumed + ContextBudget.answerTokens(sent.answerWords()));
  }

  @Test
  void everyFirstPlanningPromptStaysWithinTheBudgetWhateverTheShapeAndTheLanguage() {
    // A book planned in parts adds the lines on where the rest goes; a long album is shown only
    // beside the chapters planned.
    for (int[] shape : new int[][] {{12, 1, 1}, {13, 5, 13}, {40, 12, 40}, {100, 3, 100}}) {
      for (String language : List.of("en", "el", "zh-Hant")) {
        BookState book =
            largestBook(shape[0], shape[1], shape[2] > 1 ? album(shape[2]) : List.of());
        book.setLanguage(language);

        ModelRequest sent = PlanPrompt.request(book, ChapterSettings.from(Config.of(Map.of())));

        assertThat(ContextBudget.promptTokens(sent))
            .as(
                "%s chapters in arcs of %s from %s pictures, %s",
                shape[0], shape[1], shape[2], language)
            .isLessThanOrEqualTo(budget.firstPlanPrompt(shape[0], shape[1], shape[2]));
        assertThat(sent.answerWords())
            .isEqualTo(
                BookBudget.firstPlanWords(
                    shape[0], io.fablestream.schemas.PlanRule.firstThrough(shape[1], shape[0])));
      }
    }
  }

  @Test
  void theFirstPlanningPromptOfABookFromOnePictureStaysWithinTheBudgetAndCloseToIt() {
    BookState book = largestBook(12, 1, List.of());

    ModelRequest sent = PlanPrompt.request(book, ChapterSettings.from(Config.of(Map.of())));
    int measured = ContextBudget.promptTokens(sent);

    assertThat(sent.prompt()).doesNotContain("THE ALBUM");
    int assumed = budget.firstPlanPrompt(12, 1, 1);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    // Tight enough that a budget without the analysis or the instructions fails it.
    assertThat(measured).isGreaterThan(assumed - ContextBudget.wordTokens(200));
  }

  /**
   * The later planning prompt of chapters {@code from} to {@code through} of a book with every text
   * at its most: the plan so far (a full cast, a beat of every chapter before), where the rest
   * goes, the summaries, the story bible at every cap.
   */
  private static ModelRequest largestPlanPart(BookState book, int from, int through) {
    planEveryChapter(book);
    BookPlan plan =
        BookPlan.of(book)
            .map(p -> new BookPlan(null, fullCast(), p.mainConflict(), p.beats()))
            .orElseThrow();
    book.setPlan(plan.toJson());
    book.setPlanDirection(StoryText.of(990, 30));
    book.setBible(fullBible().toJson());
    return PlanPrompt.extensionRequest(
        book, plan, from, through, ChapterSettings.from(Config.of(Map.of())));
  }

  @Test
  void theLastPlanningPromptWithTheStoryBibleAtEveryCapStaysWithinTheBudget() {
    // Arcs of one: chapters 1-12 are planned first, then each chapter alone; chapter 20's call is
    // the last, whose bible section lists the ten threads it closes and how all 16 characters
    // stand, every line at its longest, and the eight facts: far past the share, and cut.
    BookState book = largestBook(20, 1, List.of());
    ModelRequest sent = largestPlanPart(book, 20, 20);
    int measured = ContextBudget.promptTokens(sent);

    String section = BiblePrompt.section(book, 20);
    assertThat(section).contains("closes them):");
    assertThat(ContextBudget.tokens(section))
        .isLessThanOrEqualTo(
            BookBudget.BIBLE_PLAN_TOKENS
                + ContextBudget.wordTokens(BookBudget.BIBLE_PLAN_HEADING_WORDS));
    assertThat(sent.prompt()).contains(section, "Chapter 8: ", "Chapter 19: ");
    assertThat(sent.answerWords()).isEqualTo(BookBudget.planPartWords(20, 1));
    int assumed = budget.planPartPrompt(20, 1, 1);
    assertThat(measured).isLessThanOrEqualTo(assumed);
    // The share is counted: a budget that left the bible out would fail this.
    assertThat(measured).isGreaterThan(assumed - BookBudget.BIBLE_PLAN_TOKENS);
  }

  @Test
  void thePlanningSectionTakesTheThreadsThenHowCharactersStandThenTheFactsUpToItsShare() {
    BookState book = largestBook(20, 1, List.of());
    planEveryChapter(book);
    book.setBible(fullBible().toJson());

    // Before the last chapter, the ten threads it closes fill the share: nothing after them.
    String last = BiblePrompt.section(book, 20);
    assertThat(last.split("\\[opened in chapter ", -1)).hasSize(1 + BiblePrompt.LAST_THREADS);
    assertThat(last).doesNotContain("How characters stand now:", "Facts that bear");
    // Before chapter 13, the six threads opened before it, then as many characters' standing as
    // the share has room for, in the order they came in, and no fact.
    String mid = BiblePrompt.section(book, 13);
    assertThat(mid.split("\\[opened in chapter ", -1)).hasSize(1 + BiblePrompt.PROMPT_THREADS);
    int standing =
        mid.split("How characters stand now:\n", -1)[1].split("\nOpen threads")[0].split("\n")
            .length;
    assertThat(standing).isBetween(1, 11);
    assertThat(mid).doesNotContain("Facts that bear");
    for (String section : List.of(last, mid)) {
      assertThat(ContextBudget.tokens(section))
          .isLessThanOrEqualTo(
              BookBudget.BIBLE_PLAN_TOKENS
                  + ContextBudget.wordTokens(BookBudget.BIBLE_PLAN_HEADING_WORDS));
    }

    // A realistic book's section fits whole: 8 characters changed, 8 facts, 6 threads.
    List<StoryBible.Person> cast = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      cast.add(
          new StoryBible.Person(
              "Keeper" + (char) ('A' + i),
              List.of(),
              "a keeper of the lamp",
              1 + i,
              List.of(new StoryBible.Change(1 + i, "now trusts the harbour master less"))));
    }
    List<StoryBible.Fact> facts = new ArrayList<>();
    List<StoryBible.StoryThread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      facts.add(
          new StoryBible.Fact("the lamp " + i + " burns whale oil and smokes at dawn", 1 + i));
    }
    for (int i = 0; i < 6; i++) {
      threads.add(new StoryBible.StoryThread("who broke the seal of letter " + i, 1 + i, null));
    }
    book.setBible(new StoryBible(cast, facts, threads).toJson());
    String whole = BiblePrompt.section(book, 13);
    assertThat(whole.split("\n- ", -1)).hasSize(1 + 8 + 8 + 6);
    assertThat(ContextBudget.tokens(whole)).isLessThan(BookBudget.BIBLE_PLAN_TOKENS);
  }

  @Test
  void theLargestPlanningPartOfAnAlbumStaysWithinTheBudget() {
    // Arcs of twelve: chapters 13 to 24 are one part, each from a picture of its own.
    BookState book = largestBook(24, 12, album(24));
    ModelRequest sent = largestPlanPart(book, 13, 24);
    int measured = ContextBudget.promptTokens(sent);

    assertThat(sent.prompt()).contains("Picture 13 (chapter 13)", "Picture 24 (chapter 24)");
    assertThat(sent.prompt()).doesNotContain("Picture 12 ");
    assertThat(sent.answerWords()).isEqualTo(BookBudget.planPartWords(24, 12));
    assertThat(measured).isLessThanOrEqualTo(budget.planPartPrompt(24, 12, 24));
    assertThat(budget.planCall(24, 12, 24))
        .isGreaterThanOrEqualTo(measured + ContextBudget.answerTokens(sent.answerWords()));
  }

  @Test
  void theJudgesCallOfTheLongestChapterStaysWithinWhatTheBudgetAssumes() {
    BookState book = largestBook();
    String longest = StoryText.of(400, BookBudget.longestChapter(WORDS));

    ModelRequest sent =
        new ChapterValidator(ChapterSettings.from(Config.of(Map.of())))
            .judgeRequest(
                new Draft("T".repeat(60), longest),
                book.getStory(),
                book.getLanguage(),
                // The most facts a judge is given, each as long as a fact is kept.
                java.util.stream.IntStream.rangeClosed(0, BiblePrompt.PROMPT_FACTS)
                    .mapToObj(
                        i -> new StoryBible.Fact("f".repeat(StoryBible.MAX_LINE_CHARS + 3), i))
                    .toList());

    assertThat(sent.role()).isEqualTo(ModelRole.JUDGE);
    assertThat(sent.answerWords()).isEqualTo(BookBudget.JUDGE_WORDS);
    assertThat(ContextBudget.promptTokens(sent) + ContextBudget.answerTokens(sent.answerWords()))
        .isLessThanOrEqualTo(budget.judgeCall(WORDS));
  }

  @Test
  void theWriterAsksForTheLongestChapterTheValidatorAccepts() {
    line = new ChapterLine();

    line.analysisReady("book-1", 3, 2);

    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).isNotEmpty();
    // The line's books ask for 300 words; up to 480 pass the validator.
    assertThat(drafts).allSatisfy(r -> assertThat(r.answerWords()).isEqualTo(480));
    assertThat(drafts).allSatisfy(r -> assertThat(r.role()).isEqualTo(ModelRole.TEXT));
  }

  @Test
  void anAnswerCutAtItsBoundIsAskedAgainWithTwiceTheBoundAndTheBookLearnsItsTokensPerWord() {
    line = new ChapterLine();
    // A tokenizer that charges 6 tokens a word: 300 words take 1,800, past the 804 of English.
    line.story.writerTokensPerWord(6.0);

    line.analysisReady("book-1", 3, 2);
    line.chapterIndexed("book-1", 1);

    // Chapter 1: 804 cut, 1,608 cut, 3,216 whole: 2,124 tokens (its summary and bible fields
    // counted in) for its 303 words. Chapter 2 is sized from that count (7.01 a word, erring
    // high), and whole at once; its own answer (a shorter bible delta) is then learned from.
    assertThat(line.writerRequests())
        .extracting(ModelRequest::answerTokensOrDefault)
        .containsExactly(804, 1608, 3216, ContextBudget.answerTokens(480, 701));
    int learned = line.state("book-1").getTokensPerWord();
    assertThat(learned).isEqualTo(686);
    assertThat(line.chapters.readValuesToList())
        .extracting(
            c -> c.getChapterNumber(), c -> c.getAttempts(), c -> c.getValidation().getPassed())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1, true),
            org.assertj.core.groups.Tuple.tuple(2, 1, true));
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void anAnswerStillCutWhenItsBoundIsAllTheWindowLeavesFailsTheBookForThatReason() {
    line = new ChapterLine(Map.of("ollama.max.context", "4096"));
    line.story.writerTokensPerWord(40.0);

    line.analysisReady("book-1", 3, 2);

    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.failed.readValuesToList())
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.getReason()).isEqualTo("ANSWER_EXCEEDS_CONTEXT");
              assertThat(failed.getMessage())
                  .contains("was still writing chapter 1", "ollama.max.context = 4096");
            });
    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).extracting(ModelRequest::answerTokensOrDefault).startsWith(804, 1608);
    assertThat(drafts.getLast().answerTokensOrDefault())
        .isEqualTo(line.settings.budget().roomForAnswer(drafts.getLast()));
  }

  @Test
  void aGreekBooksFirstBoundIsSizedForGreekAndTheSystemPromptCarriesTheLanguage() {
    line = new ChapterLine();
    io.fablestream.events.AnalysisReady greek = ChapterLine.analysisOf("book-el", 1, 1);
    greek.setLanguage("el");
    line.analysis.pipeInput("book-el", greek);
    line.settle();

    ModelRequest first = line.writerRequests().getFirst();
    // 480 words at 4.9 tokens a word, 10% to spare, and the JSON's 64.
    assertThat(first.answerTokensOrDefault()).isEqualTo(2652);
    assertThat(first.system()).contains("Greek", "(language tag el)");
  }

  @Test
  void theWritersPromptForChapterOneHundredIsAtMostOnePointThreeTimesThatOfChapterTen() {
    int hundredth = chapterPromptTokens(100, 1);
    int tenth = chapterPromptTokens(10, 1);

    assertThat(hundredth).isLessThanOrEqualTo(tenth * 13 / 10);
  }

  @Test
  void olderArcsFoldIntoOneBoundedParagraphAndTheLatestThreeStayWhole() {
    BookState book = bookWithSummaries(40, 1, 30);

    String prompt = ChapterPrompt.forChapter(book, 31, List.of(), java.util.Optional.empty());

    assertThat(prompt)
        .contains(
            "Chapters 1-27, in short: ",
            "Chapters 28-28: " + summary(28),
            "Chapters 29-29: " + summary(29),
            "Chapters 30-30: " + summary(30))
        .doesNotContain("Chapters 27-27:");
    String folded =
        prompt.substring(prompt.indexOf("in short: ") + 10, prompt.indexOf("\nChapters 28"));
    assertThat(folded.split(" ").length).isLessThanOrEqualTo(BookBudget.BOOK_SO_FAR_WORDS);
    assertThat(folded).endsWith("In arc 27 the keeper found clue 27.");
  }

  @Test
  void theBookSoFarTheSummarizerWroteAtTheNewestFoldedArcStandsForTheOlderArcsWithinItsBound() {
    BookState book = bookWithSummaries(40, 1, 30);
    List<ArcNote> summaries = new ArrayList<>(book.getSummaries());
    summaries.set(
        25, ArcNote.newBuilder(summaries.get(25)).setBookSoFar("An older book so far.").build());
    summaries.set(
        26,
        ArcNote.newBuilder(summaries.get(26))
            .setBookSoFar("The keeper found 27 clues and lost the key.")
            .build());
    book.setSummaries(summaries);

    String prompt = ChapterPrompt.forChapter(book, 31, List.of(), java.util.Optional.empty());

    assertThat(prompt)
        .contains(
            "Chapters 1-27, in short: The keeper found 27 clues and lost the key.\n"
                + "Chapters 28-28: "
                + summary(28))
        .doesNotContain("An older book so far.", "In arc 27 the keeper found clue 27.");

    summaries.set(
        26, ArcNote.newBuilder(summaries.get(26)).setBookSoFar("word ".repeat(500)).build());
    book.setSummaries(summaries);
    String overlong = ChapterPrompt.forChapter(book, 31, List.of(), java.util.Optional.empty());
    String folded =
        overlong.substring(overlong.indexOf("in short: ") + 10, overlong.indexOf("\nChapters 28"));
    assertThat(folded.split(" ")).hasSize(BookBudget.BOOK_SO_FAR_WORDS);
    assertThat(folded).endsWith("word...");
  }

  /** The writer's prompt tokens, system message included, of chapter n of a book of arcs of one. */
  private static int chapterPromptTokens(int n, int arc) {
    BookState book = bookWithSummaries(100, arc, n - 1);
    String ending = StoryText.of(500 + n, 300);
    String prompt =
        ChapterPrompt.forChapter(book, n, passages(3, 500), java.util.Optional.of(ending));
    return ContextBudget.promptTokens(
        ModelRequest.text("writer", prompt).withSystem(ChapterPrompt.system(book)));
  }

  private static BookState bookWithSummaries(int chapters, int arc, int through) {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", chapters, arc), 0);
    List<ArcNote> summaries = new ArrayList<>();
    for (int end = arc; end <= through; end += arc) {
      summaries.add(new ArcNote(end - arc + 1, end, summary(end), null));
    }
    book.setSummaries(summaries);
    return book;
  }

  private static String summary(int arc) {
    return "In arc "
        + arc
        + " the keeper found clue "
        + arc
        + ". The storm rose over the cliff and the lamp went dark twice. Mira kept the map hidden"
        + " in the bell tower and waited.";
  }
}
