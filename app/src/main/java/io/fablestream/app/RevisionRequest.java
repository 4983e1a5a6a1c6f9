package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.events.PlannedBeat;
import io.fablestream.schemas.RevisionRule;
import java.util.List;

/**
 * A revision as a person asks for it, checked against {@link RevisionRule}, the rule
 * chapter-service holds it to (docs/revisions.md), before anything is sent: the chapter it starts
 * from, exactly one of the person's own text for that chapter or an instruction for the model, and
 * new beats for the plan from that chapter on, if any.
 *
 * @param fromChapter the first chapter that changes, from 1; its upper bound is the book's, checked
 *     against the book
 * @param text the person's text for chapter {@code fromChapter}, or null
 * @param instruction a note for the model to rewrite it with, or null
 * @param requestedBy who asks, at most {@value #MAX_REQUESTED_BY_CHARS} characters, or null
 * @param beats new beats for chapters {@code fromChapter} and later, each naming its chapter; empty
 *     keeps the plan's (the picture of a beat is the plan's: a revision changes words)
 */
public record RevisionRequest(
    int fromChapter, String text, String instruction, String requestedBy, List<PlannedBeat> beats) {
  /** The longest requestedBy, in characters. */
  public static final int MAX_REQUESTED_BY_CHARS = 200;

  public RevisionRequest {
    if (fromChapter < 1) {
      throw invalid("fromChapter", "fromChapter is " + fromChapter + "; chapters count from 1.");
    }
    List<PlannedBeat> given = beats == null ? List.of() : List.copyOf(beats);
    beats = given;
    RevisionRule.content(text, instruction)
        .or(() -> RevisionRule.beats(fromChapter, given))
        .ifPresent(
            problem -> {
              throw invalid(problem.field(), problem.message());
            });
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
   * ({@code INVALID_REQUEST} naming {@code fromChapter}), a beat for a chapter it does not have
   * (naming {@code beats[i].chapter}).
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
          RevisionRule.stillBeingWritten(id, "revision " + book.revision() + ", " + book.stage()));
    }
    if (book.completedRevision() == 0) {
      throw new BadInputException("CONFLICT", null, RevisionRule.neverCompleted(id));
    }
    int count = book.request().chapterCount();
    RevisionRule.fromChapter(id, count, revisableThrough(book), fromChapter)
        .or(() -> RevisionRule.beatsWithin(id, count, beats))
        .ifPresent(
            problem -> {
              throw invalid(problem.field(), problem.message());
            });
    return book.nextRevision();
  }

  /**
   * The last chapter a revision may start from: the book's last, or no later than a revision since
   * the last completed one began, when it failed midway (its later chapters are half rewritten).
   */
  static int revisableThrough(BookView book) {
    int limit = 0;
    int completed = book.completedRevision();
    for (BookView.Revision r : book.revisions()) {
      if (r.revision() > completed
          && r.stage() == BookView.Stage.FAILED
          && !r.refused()
          && r.fromChapter() != null) {
        limit =
            RevisionRule.limitAfterFailure(book.request().chapterCount(), limit, r.fromChapter());
      }
    }
    return RevisionRule.revisableThrough(book.request().chapterCount(), limit);
  }

  private static BadInputException invalid(String field, String message) {
    return new BadInputException("INVALID_REQUEST", field, message);
  }
}
