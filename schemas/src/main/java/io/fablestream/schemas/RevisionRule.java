package io.fablestream.schemas;

import java.util.Optional;

/**
 * What a revision of a completed book may ask for: the one rule chapter-service (which takes or
 * refuses a BookRevisionRequested), the read model (which moves a book's view only for a request
 * chapter-service takes), the HTTP API and the CLI (which refuse a bad request before sending it)
 * all follow. If two of them disagreed, a view would show a revision being written that
 * chapter-service refused, or the API would send a request that can only fail.
 *
 * <p>A revision starts from one chapter, from 1 to the book's last; after a revision failed midway
 * from chapter k, from k at the latest (its later chapters are half rewritten) until a revision
 * completes again. It carries exactly one of a person's text for that chapter (at most {@value
 * #MAX_TEXT_CHARS} characters) and an instruction for the model (at most {@value
 * #MAX_INSTRUCTION_CHARS}), neither blank.
 */
public final class RevisionRule {
  /** The longest text a person may give for a chapter, in characters. */
  public static final int MAX_TEXT_CHARS = 100_000;

  /** The longest instruction, in characters. */
  public static final int MAX_INSTRUCTION_CHARS = 4_000;

  private RevisionRule() {}

  /**
   * Why a revision cannot be made, for a person.
   *
   * @param field the request's field at fault, or null when it is not one field
   * @param message what is wrong, in words a person can act on
   */
  public record Problem(String field, String message) {}

  /**
   * The last chapter a revision may start from.
   *
   * @param chapterCount the book's chapters
   * @param limit the chapter a revision that failed midway since the last completed one began from,
   *     or 0 when none did
   */
  public static int revisableThrough(int chapterCount, int limit) {
    return limit > 0 ? Math.min(limit, chapterCount) : chapterCount;
  }

  /**
   * The limit after a revision that began from {@code failedFrom} failed midway.
   *
   * @param limit the limit before it, or 0 when there was none
   */
  public static int limitAfterFailure(int chapterCount, int limit, int failedFrom) {
    return Math.min(revisableThrough(chapterCount, limit), failedFrom);
  }

  /**
   * Why a revision of a book that can be revised cannot start from {@code fromChapter} with this
   * text or instruction, or empty when it can.
   *
   * @param bookId the book, named in the message
   * @param chapterCount the book's chapters
   * @param revisableThrough the last chapter a revision may start from ({@link #revisableThrough})
   * @param text the person's text for the chapter, or null
   * @param instruction the instruction for the model, or null
   */
  public static Optional<Problem> problem(
      String bookId,
      int chapterCount,
      int revisableThrough,
      int fromChapter,
      String text,
      String instruction) {
    return fromChapter(bookId, chapterCount, revisableThrough, fromChapter)
        .or(() -> content(text, instruction));
  }

  /** Why a revision cannot start from {@code fromChapter} of the book, or empty when it can. */
  public static Optional<Problem> fromChapter(
      String bookId, int chapterCount, int revisableThrough, int fromChapter) {
    if (fromChapter >= 1 && fromChapter <= revisableThrough) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            "fromChapter",
            "fromChapter is "
                + fromChapter
                + ", but book "
                + bookId
                + (revisableThrough == chapterCount
                    ? " has chapters 1 to " + revisableThrough + "."
                    : " can be revised from chapters 1 to "
                        + revisableThrough
                        + " only: its last revision failed midway from chapter "
                        + revisableThrough
                        + ".")));
  }

  /**
   * Why a revision's text and instruction cannot be taken, or empty when they can: exactly one is
   * given, not blank, and within its length.
   */
  public static Optional<Problem> content(String text, String instruction) {
    boolean hasText = text != null;
    if (hasText == (instruction != null)) {
      return Optional.of(
          new Problem(
              null,
              "A revision has exactly one of text (your chapter) and instruction (a note for the"
                  + " model); this one has "
                  + (hasText ? "both." : "neither.")));
    }
    String field = hasText ? "text" : "instruction";
    String given = hasText ? text : instruction;
    int max = hasText ? MAX_TEXT_CHARS : MAX_INSTRUCTION_CHARS;
    if (given.isBlank()) {
      return Optional.of(new Problem(field, field + " is empty."));
    }
    if (given.length() > max) {
      return Optional.of(
          new Problem(
              field,
              field
                  + " is "
                  + given.length()
                  + " characters long; at most "
                  + max
                  + " are taken."));
    }
    return Optional.empty();
  }

  /** Why a book that is being written cannot be revised yet. */
  public static String stillBeingWritten(String bookId, String where) {
    return "Book "
        + bookId
        + " is still being written ("
        + where
        + "); ask for the revision once it has completed.";
  }

  /** Why a book that never completed cannot be revised. */
  public static String neverCompleted(String bookId) {
    return "Book " + bookId + " failed before it was ever completed: submit the picture again.";
  }
}
