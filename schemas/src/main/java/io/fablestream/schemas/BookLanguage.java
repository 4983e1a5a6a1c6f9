package io.fablestream.schemas;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A book's language: a BCP 47 tag ({@code en}, {@code ja}, {@code el}, {@code pt-BR}) whose
 * language is a known ISO 639 one. One rule for every place that takes a language: the HTTP API,
 * the CLI and the analyzer refuse what it refuses, and the prompts name the language as it names
 * it.
 */
public final class BookLanguage {
  /** The language of a request that names none. */
  public static final String DEFAULT = "en";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private BookLanguage() {}

  /**
   * Why the tag is not a language a book can be written in, or empty when it is.
   *
   * @param tag the tag as given
   */
  public static Optional<String> problem(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.of("language is empty: give a BCP 47 tag such as en, ja or pt-BR");
    }
    if (tag.length() > 35) {
      return Optional.of("language is " + tag.length() + " characters long; a BCP 47 tag is short");
    }
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(tag).build();
    } catch (IllformedLocaleException e) {
      return Optional.of("language '" + tag + "' is not a BCP 47 tag (such as en, ja or pt-BR)");
    }
    if (!isKnownLanguage(locale.getLanguage())) {
      return Optional.of("language '" + tag + "' names no known language (ISO 639)");
    }
    return Optional.empty();
  }

  /** The language's name in English, as a prompt names it: Japanese, Greek, Portuguese (Brazil). */
  public static String englishName(String tag) {
    Locale locale = Locale.forLanguageTag(tag);
    String name = locale.getDisplayLanguage(Locale.ENGLISH);
    String country = locale.getDisplayCountry(Locale.ENGLISH);
    String script = locale.getDisplayScript(Locale.ENGLISH);
    StringBuilder out = new StringBuilder(name.isEmpty() ? tag : name);
    if (!script.isEmpty() || !country.isEmpty()) {
      out.append(" (")
          .append(
              String.join(
                  ", ",
                  java.util.stream.Stream.of(script, country).filter(s -> !s.isEmpty()).toList()))
          .append(')');
    }
    return out.toString();
  }

  /**
   * Whether the language is written without spaces between words (Chinese, Japanese, Thai, Lao,
   * Khmer, Burmese): its words are counted by characters, a word for every two, by the writer's
   * prompt, the validator and the token budget alike.
   */
  public static boolean unspaced(String tag) {
    return switch (Locale.forLanguageTag(tag).getLanguage()) {
      case "zh", "ja", "th", "lo", "km", "my" -> true;
      default -> false;
    };
  }

  /** Whether a character is of a script written without spaces between words. */
  public static boolean isUnspacedScript(int codePoint) {
    return switch (Character.UnicodeScript.of(codePoint)) {
      case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR -> true;
      default -> false;
    };
  }

  /**
   * Words in a text: runs of non-space characters, where a run of a script that puts no spaces
   * between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) counts a word for every two of its
   * characters, the length of a typical word there.
   */
  public static int wordsIn(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return 0;
    }
    int words = 0;
    for (String run : WHITESPACE.split(stripped)) {
      words += wordsInRun(run);
    }
    return words;
  }

  /**
   * The words of a text's last {@code most} words, counted as {@link #wordsIn} counts them: a run
   * of an unspaced script is cut to its last {@code 2 * words left} characters, so a Chinese or
   * Japanese chapter gives its ending, not its whole text.
   */
  public static String lastWords(String text, int most) {
    String[] runs = WHITESPACE.split(text.strip());
    StringBuilder kept = new StringBuilder();
    int left = most;
    for (int i = runs.length - 1; i >= 0 && left > 0; i--) {
      String run = runs[i];
      int words = wordsInRun(run);
      if (words > left) {
        int need = 2 * left;
        int at = run.length();
        while (at > 0 && need > 0) {
          int c = run.codePointBefore(at);
          at -= Character.charCount(c);
          need -= isUnspacedScript(c) ? 1 : 0;
        }
        run = run.substring(at);
      }
      kept.insert(0, kept.isEmpty() ? run : run + " ");
      left -= Math.min(words, left);
    }
    return kept.toString();
  }

  /** One whitespace-free run's words: one, or one per two characters of an unspaced script. */
  private static int wordsInRun(String run) {
    long unspaced = run.codePoints().filter(BookLanguage::isUnspacedScript).count();
    return unspaced == 0 ? 1 : (int) ((unspaced + 1) / 2);
  }

  private static boolean isKnownLanguage(String language) {
    if (language.isEmpty()) {
      return false;
    }
    try {
      return !new Locale(language).getISO3Language().isEmpty();
    } catch (MissingResourceException e) {
      return false;
    }
  }
}
