package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

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
}
