package io.fablestream.chapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.IOUtils;

/**
 * A chapter's salient terms: Lucene's English analysis (standard tokenizer, possessives, lowercase,
 * Snowball's English stop words and a few of narration, Porter stems) and term frequency. Terms are
 * counted by stem, so "lantern" and "lanterns" count together, and each is reported in the form the
 * text used most, so readers see "lanterns", not "lantern" or "lantern's".
 */
final class KeywordExtractor {
  /**
   * Words of narration that Snowball's list (function words only) leaves in: they are in every
   * story and say nothing of this one ("she said", "he felt", "one", "something").
   */
  private static final String NARRATION_WORDS =
      """
      across along also another around away back began behind beneath beside beyond can even
      ever every felt just knew let like made much must never nothing now one onto said seemed
      something still toward towards upon within without yet""";

  private static final CharArraySet STOP_WORDS = stopWords();

  private final int limit;

  KeywordExtractor(int limit) {
    this.limit = limit;
  }

  /** The text's most frequent terms, most frequent first, ties in alphabetical order. */
  List<String> keywords(String text) {
    Map<String, Integer> countByStem = new HashMap<>();
    Map<String, Map<String, Integer>> formsByStem = new HashMap<>();
    try (Analyzer analyzer = new EnglishAnalyzer(STOP_WORDS);
        TokenStream tokens = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        String stem = term.toString();
        if (stem.length() < 3 || stem.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String form = surfaceForm(text.substring(offset.startOffset(), offset.endOffset()));
        countByStem.merge(stem, 1, Integer::sum);
        formsByStem.computeIfAbsent(stem, k -> new HashMap<>()).merge(form, 1, Integer::sum);
      }
      tokens.end();
    } catch (IOException e) {
      // Analysis of an in-memory string does no I/O.
      throw new UncheckedIOException(e);
    }
    List<Map.Entry<String, Integer>> ranked = new ArrayList<>(countByStem.entrySet());
    ranked.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    return ranked.stream()
        .limit(limit)
        .map(e -> mostUsed(formsByStem.get(e.getKey())))
        .distinct()
        .toList();
  }

  private static String surfaceForm(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    if (lower.endsWith("'s") || lower.endsWith("\u2019s")) {
      return lower.substring(0, lower.length() - 2);
    }
    return lower;
  }

  private static String mostUsed(Map<String, Integer> forms) {
    return forms.entrySet().stream()
        .max(
            Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .orElseThrow()
        .getKey();
  }

  /**
   * Lucene's English stop set, Snowball's English list (the one lucene-analysis-common ships for
   * its Snowball filters: pronouns, auxiliaries and their contractions) and the narration words.
   */
  private static CharArraySet stopWords() {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    try (InputStream snowball = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
      set.addAll(
          WordlistLoader.getSnowballWordSet(
              IOUtils.requireResourceNonNull(snowball, "english_stop.txt")));
    } catch (IOException e) {
      throw new UncheckedIOException("Lucene's Snowball English stop list cannot be read", e);
    }
    set.addAll(Arrays.asList(NARRATION_WORDS.strip().split("\\s+")));
    return CharArraySet.unmodifiableSet(set);
  }
}
