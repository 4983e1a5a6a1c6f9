package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The story bible's own rules: how a delta is applied, what is bounded, what a revision undoes. */
class StoryBibleTest {
  private static final StoryBible SEED =
      new StoryBible(
          List.of(new StoryBible.Person("Mira", List.of(), "the keeper's daughter", 0, List.of())),
          List.of(new StoryBible.Fact("The story is set in a lighthouse", 0)),
          List.of(new StoryBible.StoryThread("the storm that will not pass", 0, null)));

  private static BibleUpdate update(
      List<BibleUpdate.NewCharacter> people,
      List<BibleUpdate.CharacterChange> changes,
      List<String> facts,
      List<String> opened,
      List<String> resolved) {
    return new BibleUpdate("Two. Sentences.", people, changes, facts, opened, resolved);
  }

  @Test
  void aCharacterMetAgainUnderAnotherNameGainsTheAliasNotASecondEntry() {
    StoryBible bible =
        SEED.with(
                update(
                    List.of(new BibleUpdate.NewCharacter("Tobin", List.of("the keeper"), "old")),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of()),
                1,
                true)
            .with(
                update(
                    List.of(new BibleUpdate.NewCharacter("Old Tobin", List.of("Tobin"), "")),
                    List.of(new BibleUpdate.CharacterChange("the keeper", "lost his key")),
                    List.of(),
                    List.of(),
                    List.of()),
                2,
                true);

    assertThat(bible.cast())
        .containsExactly(
            SEED.cast().getFirst(),
            new StoryBible.Person(
                "Tobin",
                List.of("the keeper", "Old Tobin"),
                "old",
                1,
                List.of(new StoryBible.Change(2, "lost his key"))));
  }

  @Test
  void aResolvedThreadIsClosedByTheChapterThatResolvedItWhenWordedLoosely() {
    StoryBible bible =
        SEED.with(
            update(List.of(), List.of(), List.of(), List.of(), List.of("The storm!")), 3, true);

    assertThat(bible.threads())
        .containsExactly(new StoryBible.StoryThread("the storm that will not pass", 0, 3));
    assertThat(bible.openThreads()).isEmpty();
  }

  @Test
  void everyListIsBoundedAndTheSeedsFactsStay() {
    StoryBible bible = SEED;
    for (int n = 1; n <= 40; n++) {
      int chapter = n;
      bible =
          bible.with(
              update(
                  List.of(new BibleUpdate.NewCharacter("Sailor " + n, List.of(), "a sailor")),
                  List.of(new BibleUpdate.CharacterChange("Mira", "change " + n)),
                  IntStream.range(0, 3).mapToObj(i -> "fact " + chapter + "." + i).toList(),
                  List.of("thread " + n),
                  n % 3 == 0 ? List.of("thread " + (n - 1)) : List.of()),
              n,
              true);
    }

    assertThat(bible.cast()).hasSize(StoryBible.MAX_CAST);
    assertThat(bible.person("Mira").orElseThrow().changes())
        .extracting(StoryBible.Change::chapter)
        .containsExactly(37, 38, 39, 40);
    assertThat(bible.facts()).hasSize(StoryBible.MAX_FACTS);
    assertThat(bible.facts().getFirst()).isEqualTo(SEED.facts().getFirst());
    assertThat(bible.facts().getLast()).isEqualTo(new StoryBible.Fact("fact 40.2", 40));
    assertThat(bible.openThreads()).hasSize(StoryBible.MAX_OPEN_THREADS);
    assertThat(bible.threads().stream().filter(t -> !t.open()))
        .hasSize(StoryBible.MAX_RESOLVED_THREADS);
    assertThat(StoryBible.read(bible.toJson())).isEqualTo(bible);
  }

  /** A chapter's update with every list full (a chapter written in parts joins two). */
  private static BibleUpdate full(int n) {
    List<BibleUpdate.NewCharacter> met = new ArrayList<>();
    List<BibleUpdate.CharacterChange> changes = new ArrayList<>();
    List<String> facts = new ArrayList<>();
    List<String> opened = new ArrayList<>();
    List<String> resolved = new ArrayList<>();
    for (int i = 0; i < StoryBible.MAX_PER_UPDATE; i++) {
      // Chapter 1 brings in sailors with no line; every later one gives them more names, a line.
      met.add(
          new BibleUpdate.NewCharacter(
              "Sailor " + i,
              n == 1 ? List.of() : List.of("Mate %d.%d".formatted(n, i)),
              n == 1 ? "" : "a sailor since chapter " + n));
      changes.add(new BibleUpdate.CharacterChange("Sailor " + i, "moved in chapter " + n));
      facts.add("fact c%02df%d".formatted(n, i));
      opened.add("riddle c%02dt%d".formatted(n, i));
      if (i % 2 == 0) {
        resolved.add("riddle c%02dt%d".formatted(n - 1, i));
      }
    }
    return new BibleUpdate("Two. Sentences.", met, changes, facts, opened, resolved);
  }

  private static long resolved(StoryBible bible) {
    return bible.threads().stream().filter(t -> !t.open()).count();
  }

  @Test
  void overSixtyChaptersOfFullUpdatesEveryListStaysWithinItsCapAndWhatARunMayAdd() {
    BookState book = BookTransitions.opened(ChapterLine.analysisOf("book-1", 60, 10), 0);
    StoryBible bible = StoryBible.seed(book);
    StoryBible neverEnding = bible;
    int runEnds = 0;
    for (int n = 1; n <= 60; n++) {
      boolean ends = BiblePrompt.runEndsAfter(book, n);
      bible = bible.with(full(n), n, ends);
      neverEnding = neverEnding.with(full(n), n, false);
      for (StoryBible b : List.of(bible, neverEnding)) {
        assertThat(b.cast()).hasSizeLessThanOrEqualTo(StoryBible.MAX_CAST);
        assertThat(b.facts())
            .hasSizeLessThanOrEqualTo(StoryBible.MAX_FACTS + StoryBible.RUN_GROWTH);
        assertThat(b.openThreads())
            .hasSizeLessThanOrEqualTo(StoryBible.MAX_OPEN_THREADS + StoryBible.RUN_GROWTH);
        assertThat(resolved(b))
            .isLessThanOrEqualTo(StoryBible.MAX_RESOLVED_THREADS + StoryBible.RUN_GROWTH);
        for (StoryBible.Person p : b.cast()) {
          List<String> heldNames =
              b.held().stream()
                  .filter(h -> h.name().equals(p.name()))
                  .flatMap(h -> h.aliases().stream())
                  .toList();
          assertThat(p.aliases().size() + heldNames.size())
              .isLessThanOrEqualTo(StoryBible.MAX_ALIASES);
          assertThat(p.changes()).hasSizeLessThanOrEqualTo(StoryBible.MAX_CHANGES);
        }
        assertThat(b.held())
            .hasSizeLessThanOrEqualTo(StoryBible.MAX_CAST * (StoryBible.MAX_ALIASES + 1));
      }
      if (ends) {
        runEnds++;
        assertThat(bible.facts()).as("after chapter %d", n).hasSize(StoryBible.MAX_FACTS);
        assertThat(bible.openThreads()).hasSize(StoryBible.MAX_OPEN_THREADS);
        assertThat(resolved(bible)).isEqualTo(StoryBible.MAX_RESOLVED_THREADS);
        assertThat(bible.held()).isEmpty();
      } else if (n > 10) {
        assertThat(resolved(bible)).isGreaterThan(StoryBible.MAX_RESOLVED_THREADS);
      }
    }
    // Arcs of 10 end runs after chapters 5, 9 and 10 of each (the last chapter among them).
    assertThat(runEnds).isEqualTo(3 * 6);
    // What the runs' chapters said of the sailors was applied at their ends, in chapter order.
    assertThat(bible.person("Sailor 0").orElseThrow())
        .extracting(StoryBible.Person::aliases, StoryBible.Person::description)
        .containsExactly(
            List.of("Mate 2.0", "Mate 3.0", "Mate 4.0", "Mate 5.0"), "a sailor since chapter 2");
    // A caller that never ends a run still meets the hard bound: the lists are full to it.
    assertThat(neverEnding.facts()).hasSize(StoryBible.MAX_FACTS + StoryBible.RUN_GROWTH);
    assertThat(neverEnding.held()).isNotEmpty();
    assertThat(StoryBible.read(neverEnding.toJson())).isEqualTo(neverEnding);
    assertThat(neverEnding.event().getFacts()).hasSize(StoryBible.MAX_FACTS);
  }

  /** An update that only brings in, or names again, this character. */
  private static BibleUpdate meeting(String name, List<String> aliases, String description) {
    return update(
        List.of(new BibleUpdate.NewCharacter(name, aliases, description)),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void whatAChapterOfARunSaysOfACharacterMetBeforeItIsHeldBackUntilTheRunEnds() {
    StoryBible one = SEED.with(meeting("Tobin", List.of(), ""), 1, false);
    StoryBible two = one.with(meeting("Tobin", List.of("the lamplighter"), "old"), 2, false);
    // Chapter 3 calls him by the name held back: the same character, who changes.
    StoryBible three =
        two.with(
            update(
                List.of(new BibleUpdate.NewCharacter("the lamplighter", List.of(), "")),
                List.of(new BibleUpdate.CharacterChange("the lamplighter", "lost his key")),
                List.of(),
                List.of(),
                List.of()),
            3,
            false);

    assertThat(one.cast().getLast())
        .isEqualTo(new StoryBible.Person("Tobin", List.of(), "", 1, List.of()));
    assertThat(three.cast())
        .containsExactly(
            SEED.cast().getFirst(),
            new StoryBible.Person(
                "Tobin", List.of(), "", 1, List.of(new StoryBible.Change(3, "lost his key"))));
    assertThat(three.held())
        .containsExactly(new StoryBible.Held("Tobin", 2, List.of("the lamplighter"), "old"));
    assertThat(StoryBible.read(three.toJson())).isEqualTo(three);
    assertThat(three.before(2)).isEqualTo(one);
    // The run ends with chapter 4: what was held back is applied.
    StoryBible four = three.with(meeting("Mira", List.of(), ""), 4, true);
    assertThat(four.person("the lamplighter").orElseThrow())
        .isEqualTo(
            new StoryBible.Person(
                "Tobin",
                List.of("the lamplighter"),
                "old",
                1,
                List.of(new StoryBible.Change(3, "lost his key"))));
    assertThat(four.held()).isEmpty();
    assertThat(three.event().getCast().get(1).getAliases()).containsExactly("the lamplighter");
  }

  @Test
  void aRevisionFromChapterKForgetsWhatChaptersKAndLaterSet() {
    StoryBible one =
        SEED.with(
            update(
                List.of(new BibleUpdate.NewCharacter("Rourke", List.of(), "captain")),
                List.of(new BibleUpdate.CharacterChange("Mira", "brave")),
                List.of("The lamp is broken"),
                List.of("who broke the lamp"),
                List.of()),
            1,
            true);
    StoryBible three =
        one.with(
            update(
                List.of(new BibleUpdate.NewCharacter("Ada", List.of(), "a diver")),
                List.of(new BibleUpdate.CharacterChange("Mira", "hurt")),
                List.of("The boat sank"),
                List.of(),
                List.of("who broke the lamp")),
            3,
            true);

    assertThat(three.before(2)).isEqualTo(one);
  }

  @Test
  void theSummaryIsTwoSentencesAndFallsBackToTheTextsFirstTwo() {
    BibleUpdate said =
        BibleUpdate.parse(
            "{\"title\": \"T\", \"text\": \"x\", \"summary\": \"One. Two! Three?\", \"facts\":"
                + " [\"a fact\", 7]}");

    assertThat(said.summary()).isEqualTo("One. Two!");
    assertThat(said.facts()).containsExactly("a fact");
    assertThat(BibleUpdate.parse("{\"title\": \"T\", \"text\": \"x\"}").summaryOr("A b. C d. E f."))
        .isEqualTo("A b. C d.");
  }

  @Test
  void aQuoteCountsOnlyWhenItsWordsAreInTheText() {
    String text = "Mira climbed the stairs. The lamp, cold and dark, waited above her.";

    assertThat(Quotes.in("the lamp cold and dark", text)).isTrue();
    assertThat(Quotes.in("Mira climbed ... waited above her", text)).isTrue();
    assertThat(Quotes.in("The lamp was lit", text)).isFalse();
    assertThat(Quotes.in("the lamp", text)).as("too short to prove anything").isFalse();
  }
}
