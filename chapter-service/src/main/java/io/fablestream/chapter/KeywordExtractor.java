package io.fablestream.chapter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A chapter's salient terms: Lucene's English analysis (standard tokenizer, possessives, lowercase,
 * stop words, Porter stems) and term frequency. Terms are counted by stem, so "lantern" and
 * "lanterns" count together, and each is reported in the form the text used most, so readers see
 * "lanterns", not "lantern" or "lantern's".
 */
final class KeywordExtractor {
  /** English function words beyond Lucene's short default list: they say nothing of a story. */
  private static final List<String> MORE_STOP_WORDS =
      List.of(
          "a",
          "about",
          "above",
          "after",
          "again",
          "all",
          "also",
          "am",
          "an",
          "any",
          "are",
          "around",
          "away",
          "back",
          "been",
          "before",
          "being",
          "below",
          "between",
          "both",
          "but",
          "can",
          "could",
          "did",
          "do",
          "does",
          "down",
          "each",
          "even",
          "ever",
          "every",
          "few",
          "for",
          "from",
          "further",
          "had",
          "has",
          "have",
          "having",
          "he",
          "her",
          "here",
          "hers",
          "herself",
          "him",
          "himself",
          "his",
          "how",
          "i",
          "its",
          "itself",
          "just",
          "like",
          "me",
          "more",
          "most",
          "much",
          "must",
          "my",
          "myself",
          "now",
          "nor",
          "off",
          "once",
          "one",
          "only",
          "our",
          "ours",
          "out",
          "over",
          "own",
          "said",
          "same",
          "she",
          "should",
          "so",
          "some",
          "still",
          "than",
          "that",
          "them",
          "themselves",
          "then",
          "there",
          "these",
          "they",
          "this",
          "those",
          "through",
          "too",
          "under",
          "until",
          "up",
          "upon",
          "very",
          "was",
          "we",
          "were",
          "what",
          "when",
          "where",
          "which",
          "while",
          "who",
          "whom",
          "why",
          "will",
          "with",
          "would",
          "you",
          "your",
          "yours",
          "yourself",
          "into",
          "onto",
          "across",
          "toward",
          "towards",
          "without",
          "within",
          "felt",
          "seemed",
          "made",
          "knew",
          "began",
          "let",
          "yet",
          "never",
          "something",
          "nothing",
          "another",
          "other",
          "against",
          "along",
          "behind",
          "beneath",
          "beside",
          "beyond");

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

  private static CharArraySet stopWords() {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    set.addAll(MORE_STOP_WORDS);
    return CharArraySet.unmodifiableSet(set);
  }
}
