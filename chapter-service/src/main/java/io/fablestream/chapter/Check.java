package io.fablestream.chapter;

import java.util.Locale;

/** The checks of the validation layer; each failure is counted by its check. */
public enum Check {
  /** The model's answer was not the JSON asked for. */
  INVALID_OUTPUT,
  /** The chapter is too short or too long. */
  WORD_COUNT,
  /** The judge scored the chapter's tone of voice under the threshold, or could not be read. */
  MOOD,
  /** The chapter advanced none of the book's open conflicts. */
  CONFLICT,
  /** The chapter repeats an earlier one. */
  REPETITION,
  /** The chapter contradicts a fact of the story bible. */
  CONTRADICTION;

  /** The metric tag value: lowercase with underscores. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
