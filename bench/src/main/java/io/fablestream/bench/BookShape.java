package io.fablestream.bench;

/**
 * The shape of every book a run submits.
 *
 * @param chapters chapters per book
 * @param arcLength chapters per story arc
 * @param wordsPerChapter the target length of a chapter
 */
record BookShape(int chapters, int arcLength, int wordsPerChapter) {
  /** Arc summaries per book under the last-arc rule: after each full arc that is not the last. */
  int summaries() {
    return (chapters - 1) / arcLength;
  }
}
