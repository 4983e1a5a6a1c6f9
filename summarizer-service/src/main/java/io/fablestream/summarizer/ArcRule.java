package io.fablestream.summarizer;

/**
 * When an arc summary is due. chapter-service keeps the same rule (its {@code ArcRule}) to decide
 * what the next chapter waits for: the two must agree, or a book waits for a summary that never
 * comes.
 *
 * <p>An arc is summarised when its last chapter {@code n} is a multiple of {@code arcLength} and a
 * chapter follows it ({@code n < chapterCount}). A summary exists to carry the story into the
 * prompts of later chapters; the book's last arc, whole or shorter, has no later chapter, so it is
 * not summarised (a model call saved, and the book completes without waiting for it).
 */
final class ArcRule {
  private ArcRule() {}

  /** Whether chapter n closes an arc whose summary the next chapter waits for. */
  static boolean summaryDueAfter(int chapter, int arcLength, int chapterCount) {
    return arcLength > 0 && chapter % arcLength == 0 && chapter < chapterCount;
  }
}
