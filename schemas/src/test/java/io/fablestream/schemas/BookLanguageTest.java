package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BookLanguageTest {
  @ParameterizedTest
  @CsvSource({
    "en, English",
    "ja, Japanese",
    "el, Greek",
    "pt-BR, Portuguese (Brazil)",
    "zh-Hant-TW, 'Chinese (Traditional, Taiwan)'",
    "de, German"
  })
  void aKnownLanguageIsTakenAndNamedInEnglishForThePrompts(String tag, String name) {
    assertThat(BookLanguage.problem(tag)).isEmpty();
    assertThat(BookLanguage.englishName(tag)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "english",
        "xx",
        "qq-ZZ",
        "en_US",
        "12",
        "e",
        "en-",
        "a-very-long-tag-that-is-not-one-at-all-really"
      })
  void aTagThatNamesNoKnownLanguageIsRefusedWithWhy(String tag) {
    assertThat(BookLanguage.problem(tag))
        .hasValueSatisfying(why -> assertThat(why).contains("language"));
  }

  @Test
  void wordsAreRunsOfNonSpaceInScriptsThatSpaceTheirWords() {
    assertThat(BookLanguage.wordsIn("  The keeper climbed the stairs.  ")).isEqualTo(5);
    assertThat(BookLanguage.wordsIn("Ο φύλακας ανέβηκε τη σκάλα.")).isEqualTo(5);
    assertThat(BookLanguage.wordsIn("")).isZero();
  }

  @Test
  void thaiLaoKhmerAndBurmeseCountAWordForEveryTwoCharactersAsTheyPutNoSpacesBetweenWords() {
    // "The cat sleeps on a soft mat": 17 characters and no spaces, nine words as counted.
    assertThat(BookLanguage.wordsIn("แมวนอนบนเสื่อนุ่ม")).isEqualTo(9);
    assertThat(BookLanguage.wordsIn("ແມວນອນ")).isEqualTo(3);
    assertThat(BookLanguage.wordsIn("ឆ្មាដេក")).isEqualTo(4);
    assertThat(BookLanguage.wordsIn("ကြောင်")).isEqualTo(3);
  }

  @Test
  void japaneseAndChineseCountAWordForEveryTwoCharacters() {
    // 12 kanji and kana, then the full stop (not a letter): six words.
    assertThat(BookLanguage.wordsIn("灯台守は階段を上った夜に。")).isEqualTo(6);
    assertThat(BookLanguage.wordsIn("猫が 魚を 見た")).isEqualTo(3);
    assertThat(BookLanguage.wordsIn("看守登上了楼梯")).isEqualTo(4);
  }

  @Test
  void aChaptersEndingIsItsLastWordsAsTheyAreCountedInEveryScript() {
    String english = "one two three four five six seven";
    assertThat(BookLanguage.lastWords(english, 3)).isEqualTo("five six seven");
    assertThat(BookLanguage.lastWords("  just two  ", 80)).isEqualTo("just two");

    // A Chinese chapter has no spaces: its ending is its last characters, two a word, not the
    // whole chapter (before, a chapter without spaces was one "word" and was quoted whole).
    String chinese = "看守登上了楼梯。".repeat(500);
    String ending = BookLanguage.lastWords(chinese, 80);
    assertThat(chinese).endsWith(ending);
    assertThat(BookLanguage.wordsIn(ending)).isEqualTo(80);
    assertThat(ending.codePoints().filter(BookLanguage::isUnspacedScript)).hasSize(160);

    // Mixed runs: the spaced words count one each, the unspaced run is cut to what is left.
    assertThat(BookLanguage.lastWords("前面的话 Ana 看守登上了楼梯", 3)).isEqualTo("守登上了楼梯");
    assertThat(BookLanguage.lastWords("前面的话 Ana 看守登上了楼梯", 6)).isEqualTo("的话 Ana 看守登上了楼梯");
    assertThat(BookLanguage.lastWords("楼梯 Ana Bo", 3)).isEqualTo("楼梯 Ana Bo");
  }
}
