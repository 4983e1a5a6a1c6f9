package io.fablestream.schemas.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The slop index: hits of a language's list of over-used words and phrases, plus "not X, but Y"
 * constructions. Each language's list is a resource, {@code
 * io/fablestream/quality/slop-<lang>.txt}, whose header names its source.
 */
public final class Slop {
  /**
   * "not X, but Y" (also "not X but Y", "not only X but"): "not", 3 to 60 characters without a
   * sentence end, then "but". After slop_regexes.txt of sam-paech/antislop-sampler, with word
   * bounds so "nothing but" and "cannot ... button" do not count.
   */
  public static final Pattern NOT_X_BUT_Y =
      Pattern.compile("(?iu)\\bnot\\b[^.!?\\n]{3,60}?\\bbut\\b");

  private static final String RESOURCE = "io/fablestream/quality/slop-%s.txt";

  /** The lists found so far, by language: no more than there are resources. */
  private static final Map<String, Slop> LISTS = new ConcurrentHashMap<>();

  private static final Pattern APOSTROPHE = Pattern.compile("[\u2019\u02bc]");

  /** A run of letters and digits: where a phrase may begin, and how it is looked up. */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final String language;

  /** The phrases by their first word, longest first, so "in the realm of" wins over "in". */
  private final Map<String, List<String>> byFirstWord;

  private Slop(String language, List<String> phrases) {
    this.language = language;
    this.byFirstWord =
        phrases.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.groupingBy(Slop::firstWord, Collectors.toList()));
  }

  private static String firstWord(String phrase) {
    Matcher m = WORD.matcher(phrase);
    return m.lookingAt() ? m.group() : phrase;
  }

  /**
   * The list of a language (its primary subtag: {@code pt-BR} reads {@code pt}), if there is one.
   */
  public static Optional<Slop> forLanguage(String tag) {
    String language = Locale.forLanguageTag(tag == null ? "" : tag).getLanguage();
    if (language.isEmpty()) {
      return Optional.empty();
    }
    Slop known = LISTS.get(language);
    if (known != null) {
      return Optional.of(known);
    }
    return read(language)
        .map(phrases -> LISTS.computeIfAbsent(language, l -> new Slop(l, phrases)));
  }

  /** The list from its lines: one phrase a line, '#' starts a comment. */
  static Slop of(String language, List<String> lines) {
    return new Slop(language, phrases(lines));
  }

  /** The language of this list, as its resource names it. */
  public String language() {
    return language;
  }

  /**
   * The list's hits in a text: whole words, case-blind, a phrase's hits not overlapping. Each word
   * of the text is looked up once by its first word (linear in the text, where one regular
   * expression of every phrase took seconds for a long book).
   */
  public int phraseHits(String text) {
    String plain = normalized(text);
    Matcher word = WORD.matcher(plain);
    int hits = 0;
    int after = 0;
    while (word.find()) {
      if (word.start() < after) {
        continue;
      }
      List<String> candidates = byFirstWord.get(word.group());
      if (candidates == null) {
        continue;
      }
      for (String phrase : candidates) {
        int end = word.start() + phrase.length();
        if (plain.startsWith(phrase, word.start()) && !wordCharAt(plain, end)) {
          hits++;
          after = end;
          break;
        }
      }
    }
    return hits;
  }

  private static boolean wordCharAt(String text, int i) {
    return i < text.length() && Character.isLetterOrDigit(text.codePointAt(i));
  }

  /** The "not X, but Y" constructions in a text; they count whatever the language's list. */
  public static int notXButY(String text) {
    return count(NOT_X_BUT_Y, normalized(text));
  }

  /** Hits per 1,000 words; 0 for no words. */
  public static double per1000(int hits, int words) {
    return words <= 0 ? 0 : hits * 1000.0 / words;
  }

  private static String normalized(String text) {
    return APOSTROPHE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("'");
  }

  private static int count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    int hits = 0;
    while (m.find()) {
      hits++;
    }
    return hits;
  }

  private static Optional<List<String>> read(String language) {
    String resource = RESOURCE.formatted(language);
    try (InputStream in = Slop.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return Optional.of(phrases(reader.lines().toList()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the slop list " + resource, e);
    }
  }

  private static List<String> phrases(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> l.toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }
}
