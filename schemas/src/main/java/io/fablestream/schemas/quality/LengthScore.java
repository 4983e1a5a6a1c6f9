package io.fablestream.schemas.quality;

/**
 * LongBench-Write's length score S_l (Bai et al., 2024, "LongWriter", section 4.1): how close a
 * text of y words comes to the x words it was asked for, from 100 (exactly x) down to 0. Falling
 * short costs more than running over: a text of half the length scores 50, one of twice the length
 * 66.7.
 */
public final class LengthScore {
  private LengthScore() {}

  /**
   * 100·max(0, 1 − (y/x − 1)/3) when y &gt; x, else 100·max(0, 1 − (x/y − 1)/2); 0 for an empty
   * text.
   *
   * @param words y, the text's length in words
   * @param target x, the length asked for, at least 1
   */
  public static double of(int words, int target) {
    if (target < 1) {
      throw new IllegalArgumentException("target must be at least 1 word, not " + target);
    }
    if (words <= 0) {
      return 0;
    }
    double x = target;
    double y = words;
    double score = y > x ? 1 - (y / x - 1) / 3 : 1 - (x / y - 1) / 2;
    return 100 * Math.max(0, score);
  }
}
