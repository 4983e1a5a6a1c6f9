package io.fablestream.schemas.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A text's words as the figures see them: lower-cased, punctuation stripped. */
final class Words {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");
  private static final Pattern APOSTROPHE = Pattern.compile("['\u2019\u02bc]");

  private Words() {}

  /** The words in order; an apostrophe joins its word ("don't" is "dont"). */
  static List<String> of(String text) {
    String plain = APOSTROPHE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(plain);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }
}
