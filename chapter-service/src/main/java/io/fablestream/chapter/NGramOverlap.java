package io.fablestream.chapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a text repeats another: the share of its word n-grams that also occur in the other
 * (containment, not Jaccard, so a short chapter copied into a long one still counts as copied).
 */
final class NGramOverlap {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

  private final int n;

  NGramOverlap(int n) {
    this.n = n;
  }

  /** The share in [0, 1] of text's n-grams that occur in earlier; 0 when text has none. */
  double containment(String text, String earlier) {
    Set<String> mine = grams(text);
    if (mine.isEmpty()) {
      return 0;
    }
    Set<String> theirs = grams(earlier);
    long shared = mine.stream().filter(theirs::contains).count();
    return (double) shared / mine.size();
  }

  private Set<String> grams(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    Set<String> out = new HashSet<>();
    for (int i = 0; i + n <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + n)));
    }
    return out;
  }
}
