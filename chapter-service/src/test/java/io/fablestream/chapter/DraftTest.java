package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.schemas.BookLanguage;
import org.junit.jupiter.api.Test;

class DraftTest {
  @Test
  void wordsAreRunsOfNonSpaceInScriptsThatSpaceTheirWords() {
    assertThat(Draft.wordsIn("  The keeper climbed the stairs.  ")).isEqualTo(5);
    assertThat(Draft.wordsIn("Ο φύλακας ανέβηκε τη σκάλα.")).isEqualTo(5);
    assertThat(Draft.wordsIn("")).isZero();
  }

  @Test
  void thaiLaoKhmerAndBurmeseCountAWordForEveryTwoCharactersAsTheyPutNoSpacesBetweenWords() {
    // "The cat sleeps on a soft mat": 17 characters and no spaces, nine words as counted.
    assertThat(Draft.wordsIn("แมวนอนบนเสื่อนุ่ม")).isEqualTo(9);
    assertThat(Draft.wordsIn("ແມວນອນ")).isEqualTo(3);
    assertThat(Draft.wordsIn("ឆ្មាដេក")).isEqualTo(4);
    assertThat(Draft.wordsIn("ကြောင်")).isEqualTo(3);
  }

  @Test
  void japaneseAndChineseCountAWordForEveryTwoCharacters() {
    // 12 kanji and kana, then the full stop (not a letter): six words.
    assertThat(Draft.wordsIn("灯台守は階段を上った夜に。")).isEqualTo(6);
    assertThat(Draft.wordsIn("猫が 魚を 見た")).isEqualTo(3);
    assertThat(Draft.wordsIn("看守登上了楼梯")).isEqualTo(4);
  }

  @Test
  void aChaptersEndingIsItsLastWordsAsTheyAreCountedInEveryScript() {
    String english = "one two three four five six seven";
    assertThat(Draft.lastWords(english, 3)).isEqualTo("five six seven");
    assertThat(Draft.lastWords("  just two  ", 80)).isEqualTo("just two");

    // A Chinese chapter has no spaces: its ending is its last characters, two a word, not the
    // whole chapter (before, a chapter without spaces was one "word" and was quoted whole).
    String chinese = "看守登上了楼梯。".repeat(500);
    String ending = Draft.lastWords(chinese, 80);
    assertThat(chinese).endsWith(ending);
    assertThat(Draft.wordsIn(ending)).isEqualTo(80);
    assertThat(ending.codePoints().filter(BookLanguage::isUnspacedScript)).hasSize(160);

    // Mixed runs: the spaced words count one each, the unspaced run is cut to what is left.
    assertThat(Draft.lastWords("前面的话 Ana 看守登上了楼梯", 3)).isEqualTo("守登上了楼梯");
    assertThat(Draft.lastWords("前面的话 Ana 看守登上了楼梯", 6)).isEqualTo("的话 Ana 看守登上了楼梯");
    assertThat(Draft.lastWords("楼梯 Ana Bo", 3)).isEqualTo("楼梯 Ana Bo");
  }
}
