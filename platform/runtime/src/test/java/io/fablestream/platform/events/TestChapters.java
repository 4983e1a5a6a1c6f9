package io.fablestream.platform.events;

import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ModelUsage;

/**
 * A chapter as the tests' hand-made ChapterWritten carry it, for the tests of every module to start
 * from and change what they are about.
 */
public final class TestChapters {
  private TestChapters() {}

  /**
   * Chapter {@code n} of {@code count}, titled "Chapter n", with this text and its word count:
   * written by llama3.1:8b in one call and one attempt, passed ({@link TestValidations#passed}).
   */
  public static ChapterWritten.Builder written(String bookId, int n, int count, String text) {
    return ChapterWritten.newBuilder()
        .setBookId(bookId)
        .setChapterNumber(n)
        .setChapterCount(count)
        .setTitle("Chapter " + n)
        .setText(text)
        .setWordCount(text.isBlank() ? 0 : text.strip().split("\\s+").length)
        .setAttempts(1)
        .setValidation(TestValidations.passed(0.9))
        .setModel("llama3.1:8b")
        .setUsage(new ModelUsage(1L, 1L, 1L, 1));
  }
}
