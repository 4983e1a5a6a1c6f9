package io.fablestream.chapter;

import java.util.regex.Pattern;

/**
 * One attempt at a chapter, as the model wrote it.
 *
 * @param title the chapter's title
 * @param text the chapter's text
 */
public record Draft(String title, String text) {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Words in the text: runs of non-space characters. */
  public int wordCount() {
    return wordsIn(text);
  }

  /** Words in a text: runs of non-space characters. */
  public static int wordsIn(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
  }
}
