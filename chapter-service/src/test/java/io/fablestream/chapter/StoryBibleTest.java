package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

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
