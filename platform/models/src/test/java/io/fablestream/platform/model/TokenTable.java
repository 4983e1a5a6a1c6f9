package io.fablestream.platform.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a test server counts tokens: by a tokenizer's measured tokens per word for the language of
 * the book, read from the prompt ("(language tag el)"), as a real server's tokenizer charges them.
 * {@link #WORDS} charges one token a word whatever the language (the servers' old habit, kept for
 * tests that count words); {@link #LLAMA_3} and {@link #QWEN_2_5} carry the figures measured on
 * translated prose. A script written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese)
 * is charged per character.
 *
 * @param name the tokenizer's name, for messages
 * @param perWord tokens per word by primary language tag
 * @param otherwise tokens per word of a language the table does not name
 * @param perCharacter tokens per character of a script written without spaces
 */
public record TokenTable(
    String name, Map<String, Double> perWord, double otherwise, double perCharacter) {

  /** One token a word, in every language: the test servers' default. */
  public static final TokenTable WORDS = new TokenTable("words", Map.of(), 1.0, 0);

  /** Llama 3's tokenizer (128k vocabulary), measured on translated prose. */
  public static final TokenTable LLAMA_3 =
      new TokenTable(
          "Llama 3",
          Map.of("en", 1.19, "de", 1.71, "ru", 2.06, "ko", 2.28, "el", 2.43, "hi", 2.57),
          1.7,
          1.0);

  /**
   * Qwen 2.5's tokenizer (152k vocabulary): Greek and Hindi cost about twice what Llama 3 charges.
   * English and German are not in the measured set; they are given Llama 3's figures, as both
   * vocabularies hold whole English and German words.
   */
  public static final TokenTable QWEN_2_5 =
      new TokenTable(
          "Qwen 2.5",
          Map.of("en", 1.19, "de", 1.71, "ru", 2.28, "ko", 2.66, "el", 4.82, "hi", 4.78),
          2.0,
          1.0);

  private static final Pattern LANGUAGE_TAG = Pattern.compile("\\(language tag ([A-Za-z-]+)\\)");

  /** The language tag a prompt names ("(language tag el)"), or {@code en} when it names none. */
  public static String languageOf(String... texts) {
    for (String text : texts) {
      if (text != null) {
        Matcher m = LANGUAGE_TAG.matcher(text);
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return "en";
  }

  /** Whether a language's script is written without spaces between words. */
  public static boolean unspaced(String language) {
    return switch (Locale.forLanguageTag(language).getLanguage()) {
      case "zh", "ja", "th", "lo", "km", "my" -> true;
      default -> false;
    };
  }

  /** Tokens per word of a language. */
  public double rate(String language) {
    return perWord.getOrDefault(Locale.forLanguageTag(language).getLanguage(), otherwise);
  }

  /** The tokens of a text in a language. */
  public int count(String text, String language) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    if (perCharacter > 0 && unspaced(language)) {
      return charge(
          (int) text.codePoints().filter(c -> !Character.isWhitespace(c)).count(), language);
    }
    return charge(text.strip().split("\\s+").length, language);
  }

  /** What is left of a text when generation stops at {@code limit} tokens, and its tokens. */
  public Cut cut(String text, String language, int limit) {
    int tokens = count(text, language);
    if (limit < 0 || tokens <= limit) {
      return new Cut(text, tokens, false);
    }
    List<String> pieces = pieces(text, language);
    int kept = 0;
    while (kept < pieces.size() && charge(kept + 1, language) <= limit) {
      kept++;
    }
    return new Cut(String.join("", pieces.subList(0, kept)), limit, true);
  }

  /**
   * What is left of a text whose tokens the reply states ({@code claimed}) when generation stops at
   * {@code limit} tokens: a piece a token, as a scripted count says nothing of the words.
   */
  public Cut cutClaimed(String text, String language, int claimed, int limit) {
    if (limit < 0 || claimed <= limit) {
      return new Cut(text, claimed, false);
    }
    List<String> pieces = pieces(text, language);
    return new Cut(String.join("", pieces.subList(0, Math.min(limit, pieces.size()))), limit, true);
  }

  /**
   * The pieces a text streams as: words with their leading space, or single characters of an
   * unspaced script when the table charges per character.
   */
  public List<String> pieces(String text, String language) {
    List<String> out = new ArrayList<>();
    if (perCharacter > 0 && unspaced(language)) {
      text.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
      return out;
    }
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ')) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private int charge(int pieces, String language) {
    double rate = perCharacter > 0 && unspaced(language) ? perCharacter : rate(language);
    return (int) Math.ceil(pieces * rate - 1e-9);
  }

  /**
   * An answer after its token limit.
   *
   * @param text what the server sends
   * @param tokens the tokens it reports ({@code eval_count}, {@code completion_tokens})
   * @param cut whether the limit stopped it ({@code "length"})
   */
  public record Cut(String text, int tokens, boolean cut) {}
}
