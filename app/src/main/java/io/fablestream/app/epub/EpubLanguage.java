package io.fablestream.app.epub;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

/**
 * A book's language as the EPUB declares it: a well-formed BCP 47 tag and the direction its script
 * runs in. (Which tags a book may be written in is {@code io.fablestream.schemas.BookLanguage}'s
 * rule, applied when the book is asked for; this only keeps the file valid whatever it is given.)
 *
 * @param tag the tag in its canonical case, {@code und} when the book's tag is not well-formed
 * @param rightToLeft whether the language is written right to left
 */
public record EpubLanguage(String tag, boolean rightToLeft) {
  /** The scripts written right to left (ISO 15924), for tags that name their script. */
  private static final Set<String> RTL_SCRIPTS =
      Set.of(
          "Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi");

  /** Languages whose usual script runs right to left, for tags that name no script. */
  private static final Set<String> RTL_LANGUAGES =
      Set.of(
          "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
          "ji");

  /**
   * The language of a tag. The contract validates tags upstream, so an ill-formed one here comes
   * from an old or foreign writer; it becomes {@code und} (undetermined) rather than a file that
   * readers and epubcheck reject.
   */
  public static EpubLanguage of(String tag) {
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(tag == null ? "" : tag.strip()).build();
    } catch (IllformedLocaleException e) {
      return new EpubLanguage("und", false);
    }
    String canonical = locale.toLanguageTag();
    String script = locale.getScript();
    boolean rtl =
        script.isEmpty()
            ? RTL_LANGUAGES.contains(locale.getLanguage())
            : RTL_SCRIPTS.contains(script);
    return new EpubLanguage(canonical, rtl);
  }

  /** Whether text in English needs its own language mark inside this book. */
  public boolean isEnglish() {
    return tag.equals("en") || tag.startsWith("en-");
  }

  /** The {@code dir} value of the book's text. */
  public String direction() {
    return rightToLeft ? "rtl" : "ltr";
  }
}
