package io.fablestream.schemas;

/**
 * Where a book's story arcs end: the one rule chapter-service (what the next chapter waits for),
 * summarizer-service (when to summarise), the read model (what a book waits for) and the benchmark
 * all follow. If two of them disagreed, a book would wait for a summary that never comes.
 *
 * <p>Arcs are runs of {@code arcLength} chapters from chapter 1; the last one may be shorter. Every
 * arc is summarised, the last one included, so the summaries retell the whole book; the summary of
 * the last arc carries the book's synopsis.
 */
public final class ArcRule {
  private ArcRule() {}

  /** Whether chapter n ends an arc: a multiple of arcLength, or the book's last chapter. */
  public static boolean endsArc(int chapter, int arcLength, int chapterCount) {
    return arcLength > 0
        && chapter >= 1
        && chapter <= chapterCount
        && (chapter % arcLength == 0 || chapter == chapterCount);
  }

  /** The first chapter of the arc that holds chapter n. */
  public static int arcStart(int chapter, int arcLength) {
    requirePositive(arcLength);
    return (chapter - 1) / arcLength * arcLength + 1;
  }

  /** The last chapter of the arc that holds chapter n. */
  public static int arcEnd(int chapter, int arcLength, int chapterCount) {
    requirePositive(arcLength);
    return Math.min(chapterCount, arcStart(chapter, arcLength) + arcLength - 1);
  }

  /** How many arcs a book of chapterCount chapters has. */
  public static int arcCount(int arcLength, int chapterCount) {
    requirePositive(arcLength);
    return (chapterCount + arcLength - 1) / arcLength;
  }

  private static void requirePositive(int arcLength) {
    if (arcLength < 1) {
      throw new IllegalArgumentException("arcLength must be at least 1, not " + arcLength);
    }
  }
}
