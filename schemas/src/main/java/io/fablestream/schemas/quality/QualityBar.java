package io.fablestream.schemas.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a chapter falls short: the one rule the quality report (its {@code shortfalls}), the read
 * model and the studio's reader (which marks such a chapter) follow, so what is marked is what the
 * report says.
 */
public final class QualityBar {
  /** The least length score: about 62% of the target, or 190% of it. */
  public static final double MIN_LENGTH_SCORE = 70;

  /** The most slop hits per 1,000 words. */
  public static final double MAX_SLOP_PER_1000 = 10;

  /** The most repetition: a tenth of the chapter's 5-grams said before. */
  public static final double MAX_REPETITION = 0.10;

  /** The most one-sentence paragraphs: half of them. */
  public static final double MAX_ONE_SENTENCE_PARAGRAPHS = 0.5;

  /** The least judge score (the judge scores mood in [0, 1]). */
  public static final double MIN_JUDGE_SCORE = 0.5;

  private QualityBar() {}

  /** One line per figure on the wrong side of its bar; empty when the chapter meets them all. */
  public static List<String> shortfalls(
      int wordCount,
      int targetWords,
      double lengthScore,
      double repetition,
      double slopPer1000,
      double oneSentenceParagraphs,
      Double judgeScore) {
    List<String> out = new ArrayList<>();
    if (lengthScore < MIN_LENGTH_SCORE) {
      out.add(
          "length: %d words of %d asked (score %s < %s)"
              .formatted(
                  wordCount, targetWords, fixed(lengthScore, 0), fixed(MIN_LENGTH_SCORE, 0)));
    }
    if (repetition > MAX_REPETITION) {
      out.add(
          "repetition: %s%% of its 5-grams are in earlier chapters (> %s%%)"
              .formatted(fixed(100 * repetition, 0), fixed(100 * MAX_REPETITION, 0)));
    }
    if (slopPer1000 > MAX_SLOP_PER_1000) {
      out.add(
          "slop: %s per 1,000 words (> %s)"
              .formatted(fixed(slopPer1000, 1), fixed(MAX_SLOP_PER_1000, 0)));
    }
    if (oneSentenceParagraphs > MAX_ONE_SENTENCE_PARAGRAPHS) {
      out.add(
          "one-sentence paragraphs: %s%% (> %s%%)"
              .formatted(
                  fixed(100 * oneSentenceParagraphs, 0),
                  fixed(100 * MAX_ONE_SENTENCE_PARAGRAPHS, 0)));
    }
    if (judgeScore != null && judgeScore < MIN_JUDGE_SCORE) {
      out.add("judge: %s (< %s)".formatted(fixed(judgeScore, 2), fixed(MIN_JUDGE_SCORE, 2)));
    }
    return out;
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
