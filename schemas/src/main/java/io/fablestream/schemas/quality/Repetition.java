package io.fablestream.schemas.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much of each chapter the book already said: the share of a chapter's distinct word 5-grams
 * (lower-cased, punctuation stripped) that appear in any earlier chapter. A model that loses the
 * thread retells its earlier chapters; EQ-Bench Longform counts repetition for the same reason.
 */
public final class Repetition {
  /** The n of the n-grams. */
  public static final int N = 5;

  private Repetition() {}

  /**
   * Each chapter's share in [0, 1], in order: chapter 1's is 0, and so is that of a chapter too
   * short to have a 5-gram.
   */
  public static List<Double> shares(List<String> chapters) {
    Set<String> earlier = new HashSet<>();
    List<Double> shares = new ArrayList<>();
    for (String chapter : chapters) {
      Set<String> grams = grams(chapter);
      long seen = grams.stream().filter(earlier::contains).count();
      shares.add(grams.isEmpty() ? 0 : (double) seen / grams.size());
      earlier.addAll(grams);
    }
    return shares;
  }

  /** The book's value: the mean share over chapters 2 to n; 0 for a book of one chapter. */
  public static double book(List<Double> shares) {
    return shares.stream().skip(1).mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static Set<String> grams(String text) {
    List<String> words = Words.of(text);
    Set<String> out = new HashSet<>();
    for (int i = 0; i + N <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + N)));
    }
    return out;
  }
}
