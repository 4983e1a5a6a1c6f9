package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.schemas.RevisionRule;
import java.util.Optional;

/**
 * Whether a revision request can be made, and if not, why: the message of its BookFailed with
 * {@code INVALID_REVISION}: the book's own state first, then {@link RevisionRule}. A refused
 * request leaves the book as it was.
 */
final class RevisionCheck {
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
              + " to revise: it was never completed here, or it was dropped after "
              + ChapterSettings.CLOSED_RETENTION.name()
              + ".");
    }
    if (book.getStatus() == BookStatus.OPEN) {
      return Optional.of(RevisionRule.stillBeingWritten(id, "revision " + book.getRevision()));
    }
    if (book.getCompletedRevision() == 0) {
      return Optional.of(RevisionRule.neverCompleted(id));
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
    int count = book.getChapterCount();
    return RevisionRule.problem(
            id,
            count,
            RevisionRule.revisableThrough(count, book.getRevisableThrough()),
            request.getFromChapter(),
            request.getText(),
            request.getInstruction(),
            request.getBeats())
        .map(RevisionRule.Problem::message);
  }
}
