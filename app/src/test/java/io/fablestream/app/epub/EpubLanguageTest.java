package io.fablestream.app.epub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpubLanguageTest {
  @Test
  void wellFormedTagsKeepTheirMeaningInCanonicalCase() {
    assertThat(EpubLanguage.of("ja")).isEqualTo(new EpubLanguage("ja", false));
    assertThat(EpubLanguage.of("EL")).isEqualTo(new EpubLanguage("el", false));
    assertThat(EpubLanguage.of("pt-br")).isEqualTo(new EpubLanguage("pt-BR", false));
    assertThat(EpubLanguage.of("zh-hant-tw")).isEqualTo(new EpubLanguage("zh-Hant-TW", false));
  }

  @Test
  void rightToLeftFollowsTheScriptOrTheLanguagesUsualOne() {
    assertThat(EpubLanguage.of("ar").rightToLeft()).isTrue();
    assertThat(EpubLanguage.of("he-IL").rightToLeft()).isTrue();
    assertThat(EpubLanguage.of("fa").direction()).isEqualTo("rtl");
    assertThat(EpubLanguage.of("az-Arab").rightToLeft()).isTrue();
    assertThat(EpubLanguage.of("ku-Latn").rightToLeft()).isFalse();
    assertThat(EpubLanguage.of("en").direction()).isEqualTo("ltr");
  }

  @Test
  void illFormedOrMissingTagIsUndetermined() {
    assertThat(EpubLanguage.of("not a tag!")).isEqualTo(new EpubLanguage("und", false));
    assertThat(EpubLanguage.of("en_US")).isEqualTo(new EpubLanguage("und", false));
    assertThat(EpubLanguage.of(null).tag()).isEqualTo("und");
    assertThat(EpubLanguage.of("").tag()).isEqualTo("und");
  }

  @Test
  void onlyEnglishTagsNeedNoEnglishMark() {
    assertThat(EpubLanguage.of("en-GB").isEnglish()).isTrue();
    assertThat(EpubLanguage.of("enm").isEnglish()).isFalse();
    assertThat(EpubLanguage.of("ja").isEnglish()).isFalse();
  }
}
