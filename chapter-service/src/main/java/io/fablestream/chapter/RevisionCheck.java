package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.BookRevisionRequested;
import java.util.Optional;

/**
 * Whether a revision request can be made, and if not, why: the message of its BookFailed with
 * {@code INVALID_REVISION}. A refused request leaves the book as it was.
 */
final class RevisionCheck {
  /** The longest text a person may give for a chapter, in characters. */
  static final int MAX_TEXT_CHARS = 100_000;

  /** The longest instruction, in characters. */
  static final int MAX_INSTRUCTION_CHARS = 4_000;

  private RevisionCheck() {}

  /**
   * Why the revision cannot be made, or empty when it can.
   *
   * @param book the book's state, or null when this service does not know it
   */
  static Optional<String> problem(BookState book, BookRevisionRequested request) {
    String id = request.getBookId();
    if (book == null || book.getStory() == null) {
      return Optional.of(
          "There is no book "
              + id
              + " to revise: it was never completed here, or it was dropped after"
              + " chapter.closed.retention.");
    }
    if (book.getStatus() == BookStatus.OPEN) {
      return Optional.of(
          "Book "
              + id
              + " is still being written (revision "
              + book.getRevision()
              + "); ask for the revision once it has completed.");
    }
    if (book.getCompletedRevision() == 0) {
      return Optional.of(
          "Book " + id + " failed before it was ever completed: submit the picture again.");
    }
    if (request.getRevision() != book.getRevision() + 1) {
      return Optional.of(
          "Book "
              + id
              + " is at revision "
              + book.getRevision()
              + ", so the next revision is "
              + (book.getRevision() + 1)
              + ", not "
              + request.getRevision()
              + ".");
    }
    int last = book.getRevisableThrough() > 0 ? book.getRevisableThrough() : book.getChapterCount();
    int from = request.getFromChapter();
    if (from < 1 || from > last) {
      return Optional.of(
          "fromChapter is "
              + from
              + ", but book "
              + id
              + (last == book.getChapterCount()
                  ? " has chapters 1 to " + last + "."
                  : " can be revised from chapters 1 to "
                      + last
                      + " only: its last revision failed midway from chapter "
                      + last
                      + "."));
    }
    boolean hasText = request.getText() != null;
    boolean hasInstruction = request.getInstruction() != null;
    if (hasText == hasInstruction) {
      return Optional.of(
          "A revision has exactly one of text (your chapter) and instruction (a note for the"
              + " model); this one has "
              + (hasText ? "both." : "neither."));
    }
    String given = hasText ? request.getText() : request.getInstruction();
    String field = hasText ? "text" : "instruction";
    int max = hasText ? MAX_TEXT_CHARS : MAX_INSTRUCTION_CHARS;
    if (given.isBlank()) {
      return Optional.of(field + " is empty.");
    }
    if (given.length() > max) {
      return Optional.of(
          field + " is " + given.length() + " characters long; at most " + max + " are taken.");
    }
    return Optional.empty();
  }
}
