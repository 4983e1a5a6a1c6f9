package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.ChapterText;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CharacterLooksTest {
  @Test
  void aModelsAnswerIsBoundedInCharactersAndInLength() {
    String many =
        IntStream.rangeClosed(1, 12)
            .mapToObj(
                i -> "{\"name\": \"Sailor " + i + "\", \"looks\": \"" + "tall ".repeat(200) + "\"}")
            .collect(Collectors.joining(", ", "Here you are: {\"characters\": [", "]} Enjoy!"));

    CharacterLooks looks = CharacterLooks.parse(many).orElseThrow();

    assertThat(looks.characters()).hasSize(CharacterLooks.MAX_CHARACTERS);
    assertThat(looks.characters())
        .allSatisfy(
            l -> assertThat(l.looks()).hasSizeLessThanOrEqualTo(CharacterLooks.MAX_LOOKS_CHARS));
    assertThat(CharacterLooks.of(looks.toJson())).isEqualTo(looks);
  }

  @Test
  void anAnswerThatIsNoLooksIsNoneAndANameGivenTwiceKeepsItsFirstLooks() {
    assertThat(CharacterLooks.parse("I cannot describe them.")).isEmpty();
    assertThat(CharacterLooks.of(null)).isEqualTo(CharacterLooks.NONE);
    assertThat(
            CharacterLooks.parse(
                    "{\"characters\": [{\"name\": \"Mira\", \"looks\": \"red braids\"},"
                        + " {\"name\": \"mira\", \"looks\": \"blue hair\"},"
                        + " {\"name\": \"\", \"looks\": \"nobody\"}]}")
                .orElseThrow()
                .characters())
        .containsExactly(new CharacterLooks.Look("Mira", "red braids"));
  }

  @Test
  void aCharacterAppearsByTheirWholeNameOrACapitalisedPartOfItAsAWholeWord() {
    CharacterLooks looks =
        new CharacterLooks(
            java.util.List.of(
                new CharacterLooks.Look("Old Tobin", "white beard"),
                new CharacterLooks.Look("the keeper", "grey coat"),
                new CharacterLooks.Look("Mira", "red braids")));

    assertThat(looks.appearingIn("Tobin lit the lamp while the Keeper slept."))
        .extracting(CharacterLooks.Look::name)
        .containsExactly("Old Tobin", "the keeper");
    assertThat(looks.appearingIn("Miracles happen at sea.")).isEmpty();
  }

  @Test
  void aPromptStaysBoundedWhateverThePlanAndTheChapterHold() {
    var book = ChapterLine.analysisOf("b", 1, 1);
    var state = BookTransitions.opened(book, 0);
    ChapterText chapter =
        ChapterText.newBuilder()
            .setNumber(1)
            .setTitle("T")
            .setText("Mira ran. ".repeat(2000))
            .setWordCount(4000)
            .setSummary("Mira ran and ran. ".repeat(100))
            .build();
    CharacterLooks looks =
        new CharacterLooks(java.util.List.of(new CharacterLooks.Look("Mira", "x".repeat(300))));

    IllustrationPrompt prompt = IllustrationPrompt.of(state, chapter, looks, "ink ".repeat(100));

    assertThat(prompt.prompt()).hasSizeLessThanOrEqualTo(IllustrationPrompt.MAX_PROMPT_CHARS);
    assertThat(prompt.alt()).hasSizeLessThanOrEqualTo(IllustrationPrompt.MAX_ALT_CHARS);
    assertThat(prompt.prompt()).contains("Mira: " + "x".repeat(300));
  }
}
