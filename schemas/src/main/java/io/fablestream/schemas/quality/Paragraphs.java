package io.fablestream.schemas.quality;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * How many of a text's paragraphs are a single sentence. A chapter of one-line paragraphs is a
 * known sign of a model's prose collapsing into a list of beats.
 *
 * <p>A paragraph is a line with text in it (blank lines only part paragraphs; model prose does not
 * wrap its lines). Sentences are counted by the JDK's {@link BreakIterator} for the book's
 * language.
 */
public final class Paragraphs {
  private Paragraphs() {}

  /** The paragraphs of a text, and how many are one sentence. */
  public record Count(int paragraphs, int oneSentence) {
    /** The share in [0, 1] of one-sentence paragraphs; 0 for no paragraph. */
    public double share() {
      return paragraphs == 0 ? 0 : (double) oneSentence / paragraphs;
    }

    /** This count and another together. */
    public Count plus(Count other) {
      return new Count(paragraphs + other.paragraphs, oneSentence + other.oneSentence);
    }
  }

  /** The count of a text in a language (a BCP 47 tag). */
  public static Count of(String text, String language) {
    Locale locale = Locale.forLanguageTag(language == null ? "en" : language);
    int paragraphs = 0;
    int single = 0;
    for (String line : text.split("\\R")) {
      String paragraph = line.strip();
      if (paragraph.isEmpty()) {
        continue;
      }
      paragraphs++;
      if (sentences(paragraph, locale) == 1) {
        single++;
      }
    }
    return new Count(paragraphs, single);
  }

  private static int sentences(String paragraph, Locale locale) {
    BreakIterator it = BreakIterator.getSentenceInstance(locale);
    it.setText(paragraph);
    int count = 0;
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      if (!paragraph.substring(start, end).isBlank()) {
        count++;
      }
    }
    return count;
  }
}
