package io.fablestream.chapter;

import io.fablestream.schemas.BookLanguage;
import java.util.Locale;

/**
 * Whether a judge's quote is in the chapter: its words, in order, once case, punctuation and
 * spacing are set aside, with an ellipsis standing for words left out. A quote of fewer than
 * {@value #MIN_WORDS} words proves nothing and does not count.
 */
final class Quotes {
  static final int MIN_WORDS = 3;

  private Quotes() {}

  static boolean in(String quote, String text) {
    if (quote == null || quote.isBlank()) {
      return false;
    }
    String flat = flat(text);
    int words = 0;
    int from = 0;
    for (String piece : quote.split("\\.\\.\\.|\u2026")) {
      String p = flat(piece);
      if (p.isEmpty()) {
        continue;
      }
      int at = flat.indexOf(p, from);
      if (at < 0) {
        return false;
      }
      from = at + p.length();
      words += BookLanguage.wordsIn(p);
    }
    return words >= MIN_WORDS;
  }

  private static String flat(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
