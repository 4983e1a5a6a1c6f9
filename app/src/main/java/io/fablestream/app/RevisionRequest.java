package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;

/**
 * A revision as a person asks for it, checked against the bounds chapter-service holds it to
 * (docs/revisions.md) before anything is sent: the chapter it starts from, and exactly one of the
 * person's own text for that chapter or an instruction for the model.
 *
 * @param fromChapter the first chapter that changes, from 1; its upper bound is the book's, checked
 *     against the book
 * @param text the person's text for chapter {@code fromChapter}, or null
 * @param instruction a note for the model to rewrite it with, or null
 * @param requestedBy who asks, at most {@value #MAX_REQUESTED_BY_CHARS} characters, or null
 */
public record RevisionRequest(
    int fromChapter, String text, String instruction, String requestedBy) {
  /** The longest text a person may give, in characters: chapter-service's own bound. */
  public static final int MAX_TEXT_CHARS = 100_000;

  /** The longest instruction, in characters: chapter-service's own bound. */
  public static final int MAX_INSTRUCTION_CHARS = 4_000;

  /** The longest requestedBy, in characters. */
  public static final int MAX_REQUESTED_BY_CHARS = 200;

  public RevisionRequest {
    if (fromChapter < 1) {
      throw invalid("fromChapter", "fromChapter is " + fromChapter + "; chapters count from 1.");
    }
    if ((text == null) == (instruction == null)) {
      throw invalid(
          null,
          "A revision has exactly one of text (your chapter) and instruction (a note for the"
              + " model); this one has "
              + (text == null ? "neither." : "both."));
    }
    check("text", text, MAX_TEXT_CHARS);
    check("instruction", instruction, MAX_INSTRUCTION_CHARS);
    if (requestedBy != null && requestedBy.length() > MAX_REQUESTED_BY_CHARS) {
      throw invalid(
          "requestedBy",
          "requestedBy is "
              + requestedBy.length()
              + " characters long; at most "
              + MAX_REQUESTED_BY_CHARS
              + " are taken.");
    }
  }

  /**
   * Refuses what chapter-service's RevisionCheck would refuse of the book as it is: a book still
   * being written or revised, one that failed before it ever completed (both {@code CONFLICT}), a
   * chapter it does not have or, after a revision failed midway, one later than that revision began
   * ({@code INVALID_REQUEST} naming {@code fromChapter}).
   *
   * @return the number the revision gets: one past every revision begun
   * @throws BadInputException saying why the book cannot be revised so
   */
  public int checkAgainst(BookView book) {
    String id = book.bookId();
    if (!book.finished()) {
      throw new BadInputException(
          "CONFLICT",
          null,
          "Book "
              + id
              + " is still being written (revision "
              + book.revision()
              + ", "
              + book.stage()
              + "); ask for the revision once it has completed.");
    }
    if (book.completedRevision() == 0) {
      throw new BadInputException(
          "CONFLICT",
          null,
          "Book " + id + " failed before it was ever completed: submit the picture again.");
    }
    int last = revisableThrough(book);
    if (fromChapter > last) {
      throw invalid(
          "fromChapter",
          "fromChapter is "
              + fromChapter
              + ", but book "
              + id
              + (last == book.request().chapterCount()
                  ? " has chapters 1 to " + last + "."
                  : " can be revised from chapters 1 to "
                      + last
                      + " only: its last revision failed midway from chapter "
                      + last
                      + "."));
    }
    return book.nextRevision();
  }

  /**
   * The last chapter a revision may start from: the book's last, or no later than a revision since
   * the last completed one began, when it failed midway (its later chapters are half rewritten).
   */
  static int revisableThrough(BookView book) {
    int last = book.request().chapterCount();
    int completed = book.completedRevision();
    for (BookView.Revision r : book.revisions()) {
      if (r.revision() > completed
          && r.stage() == BookView.Stage.FAILED
          && !r.refused()
          && r.fromChapter() != null) {
        last = Math.min(last, r.fromChapter());
      }
    }
    return last;
  }

  private static void check(String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.isBlank()) {
      throw invalid(field, field + " is empty.");
    }
    if (value.length() > max) {
      throw invalid(
          field,
          field + " is " + value.length() + " characters long; at most " + max + " are taken.");
    }
  }

  private static BadInputException invalid(String field, String message) {
    return new BadInputException("INVALID_REQUEST", field, message);
  }
}
