package io.fablestream.schemas;

import io.fablestream.events.PlannedBeat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * #MAX_INSTRUCTION_CHARS}), neither blank. It may carry new beats for the plan: each for one
 * chapter from fromChapter to the book's last, no chapter twice, its beat not blank, beat and
 * ending at most {@value PlanRule#MAX_LINE_CHARS} characters each, as a plan's.
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
   * @param beats the new beats for chapters fromChapter and later, empty for none
   */
  public static Optional<Problem> problem(
      String bookId,
      int chapterCount,
      int revisableThrough,
      int fromChapter,
      String text,
      String instruction,
      List<PlannedBeat> beats) {
    return fromChapter(bookId, chapterCount, revisableThrough, fromChapter)
        .or(() -> content(text, instruction))
        .or(() -> beats(fromChapter, beats))
        .or(() -> beatsWithin(bookId, chapterCount, beats));
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

  /**
   * Why a revision's new beats cannot be taken, as far as the request alone tells, or empty when
   * they can: each for a chapter from {@code fromChapter} on, no chapter twice, its beat not blank,
   * beat and ending within {@link PlanRule#MAX_LINE_CHARS} (stripped). The book's last chapter is
   * {@link #beatsWithin}'s.
   */
  public static Optional<Problem> beats(int fromChapter, List<PlannedBeat> beats) {
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < beats.size(); i++) {
      PlannedBeat b = beats.get(i);
      String at = "beats[" + i + "]";
      int chapter = b.getChapter();
      if (chapter < fromChapter) {
        return Optional.of(
            new Problem(
                at + ".chapter",
                at
                    + ".chapter is "
                    + chapter
                    + "; a revision from chapter "
                    + fromChapter
                    + " takes beats for chapter "
                    + fromChapter
                    + " on (the beats before it are kept)."));
      }
      Integer before = seen.putIfAbsent(chapter, i);
      if (before != null) {
        return Optional.of(
            new Problem(
                at + ".chapter",
                at
                    + ".chapter is "
                    + chapter
                    + ", as beats["
                    + before
                    + "] is: a chapter takes one beat."));
      }
      if (b.getBeat() == null || b.getBeat().isBlank()) {
        return Optional.of(new Problem(at + ".beat", at + ".beat is empty."));
      }
      Optional<Problem> tooLong =
          tooLong(at + ".beat", b.getBeat()).or(() -> tooLong(at + ".ending", b.getEnding()));
      if (tooLong.isPresent()) {
        return tooLong;
      }
    }
    return Optional.empty();
  }

  /** Why a revision's new beats name a chapter past the book's last, or empty when none does. */
  public static Optional<Problem> beatsWithin(
      String bookId, int chapterCount, List<PlannedBeat> beats) {
    for (int i = 0; i < beats.size(); i++) {
      int chapter = beats.get(i).getChapter();
      if (chapter > chapterCount) {
        String at = "beats[" + i + "].chapter";
        return Optional.of(
            new Problem(
                at,
                at
                    + " is "
                    + chapter
                    + ", but book "
                    + bookId
                    + " has chapters 1 to "
                    + chapterCount
                    + "."));
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> tooLong(String field, String line) {
    int length = line == null ? 0 : line.strip().length();
    return length <= PlanRule.MAX_LINE_CHARS
        ? Optional.empty()
        : Optional.of(
            new Problem(
                field,
                field
                    + " is "
                    + length
                    + " characters long; at most "
                    + PlanRule.MAX_LINE_CHARS
                    + " are taken."));
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
