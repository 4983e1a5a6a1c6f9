package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

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
}
