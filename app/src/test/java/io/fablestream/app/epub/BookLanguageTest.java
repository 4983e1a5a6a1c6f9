package io.fablestream.app.epub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookLanguageTest {
  @Test
  void wellFormedTagsKeepTheirMeaningInCanonicalCase() {
    assertThat(BookLanguage.of("ja")).isEqualTo(new BookLanguage("ja", false));
    assertThat(BookLanguage.of("EL")).isEqualTo(new BookLanguage("el", false));
    assertThat(BookLanguage.of("pt-br")).isEqualTo(new BookLanguage("pt-BR", false));
    assertThat(BookLanguage.of("zh-hant-tw")).isEqualTo(new BookLanguage("zh-Hant-TW", false));
  }

  @Test
  void rightToLeftFollowsTheScriptOrTheLanguagesUsualOne() {
    assertThat(BookLanguage.of("ar").rightToLeft()).isTrue();
    assertThat(BookLanguage.of("he-IL").rightToLeft()).isTrue();
    assertThat(BookLanguage.of("fa").direction()).isEqualTo("rtl");
    assertThat(BookLanguage.of("az-Arab").rightToLeft()).isTrue();
    assertThat(BookLanguage.of("ku-Latn").rightToLeft()).isFalse();
    assertThat(BookLanguage.of("en").direction()).isEqualTo("ltr");
  }

  @Test
  void illFormedOrMissingTagIsUndetermined() {
    assertThat(BookLanguage.of("not a tag!")).isEqualTo(new BookLanguage("und", false));
    assertThat(BookLanguage.of("en_US")).isEqualTo(new BookLanguage("und", false));
    assertThat(BookLanguage.of(null).tag()).isEqualTo("und");
    assertThat(BookLanguage.of("").tag()).isEqualTo("und");
  }

  @Test
  void onlyEnglishTagsNeedNoEnglishMark() {
    assertThat(BookLanguage.of("en-GB").isEnglish()).isTrue();
    assertThat(BookLanguage.of("enm").isEnglish()).isFalse();
    assertThat(BookLanguage.of("ja").isEnglish()).isFalse();
  }
}
