package io.fablestream.bench;

import io.fablestream.schemas.ArcRule;

/**
 * The shape of every book a run submits.
 *
 * @param chapters chapters per book
 * @param arcLength chapters per story arc
 * @param wordsPerChapter the target length of a chapter
 */
record BookShape(int chapters, int arcLength, int wordsPerChapter) {
  /** Arcs per book, each summarised (the last one too): the line's {@link ArcRule}. */
  int arcs() {
    return ArcRule.arcCount(arcLength, chapters);
  }

  /**
   * Model calls per book when every answer is accepted at once: the vision call, a writer and a
   * judge call per chapter, a summary per arc and the synopsis.
   */
  int calls() {
    return 1 + 2 * chapters + arcs() + 1;
  }
}
