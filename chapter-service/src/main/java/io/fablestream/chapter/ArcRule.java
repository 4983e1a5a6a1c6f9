package io.fablestream.chapter;

/**
 * When an arc summary is due. summarizer-service keeps the same rule (its {@code ArcRule}): the two
 * must agree, or a book waits for a summary that never comes.
 *
 * <p>An arc is summarised when its last chapter {@code n} is a multiple of {@code arcLength} and a
 * chapter follows it ({@code n < chapterCount}). A summary exists to carry the story into the
 * prompts of later chapters; the book's last arc, whole or shorter, has no later chapter, so it is
 * not summarised and the book completes as soon as its last chapter is indexed.
 */
public final class ArcRule {
  private ArcRule() {}

  /** Whether chapter n closes an arc whose summary the next chapter waits for. */
  public static boolean summaryDueAfter(int chapter, int arcLength, int chapterCount) {
    return arcLength > 0 && chapter % arcLength == 0 && chapter < chapterCount;
  }
}
