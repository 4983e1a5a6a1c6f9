package io.fablestream.schemas;

import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What a book waits for once a chapter is written, before its next chapter is begun (or the
 * finished book published): the one rule chapter-service follows to take its next step ({@code
 * Awaited}) and the read model follows to say what a book waits for ({@code BookView.waitingFor}).
 * If the two disagreed, the studio would show a book waiting for something chapter-service does not
 * wait for.
 *
 * <p>The written chapter is indexed in story memory first; where it ends an arc ({@link ArcRule}),
 * the arc's summary comes next; after the last chapter, the book's synopsis too (it comes with the
 * last arc's summary).
 */
public final class AwaitRule {
  private AwaitRule() {}

  /** What the book waits for after its written chapters. */
  public enum Awaits {
    /** The last written chapter to be indexed in story memory (ChapterIndexed). */
    INDEXED,
    /** The summary of the arc the last written chapter ends (ArcSummarized). */
    ARC_SUMMARY,
    /** The book's synopsis, which comes with the summary of its last arc. */
    SYNOPSIS
  }

  /**
   * What a book written through chapter {@code written} waits for, or empty when its next step can
   * be taken.
   *
   * @param written the last chapter written, 1 or more
   * @param indexedThrough the last chapter confirmed in story memory
   * @param hasSummaryThrough whether the book holds the summary of the arc that ends at a chapter
   * @param hasSynopsis whether the book holds its synopsis
   */
  public static Optional<Awaits> after(
      int written,
      int indexedThrough,
      IntPredicate hasSummaryThrough,
      boolean hasSynopsis,
      int arcLength,
      int chapterCount) {
    if (indexedThrough < written) {
      return Optional.of(Awaits.INDEXED);
    }
    if (ArcRule.endsArc(written, arcLength, chapterCount) && !hasSummaryThrough.test(written)) {
      return Optional.of(Awaits.ARC_SUMMARY);
    }
    if (written == chapterCount && !hasSynopsis) {
      return Optional.of(Awaits.SYNOPSIS);
    }
    return Optional.empty();
  }
}
