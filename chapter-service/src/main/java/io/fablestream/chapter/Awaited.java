package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.AwaitRule;
import io.fablestream.schemas.Stage;
import java.util.Optional;

/**
 * What an open book waits for before its next step, read from its state: the answer to "why is this
 * book not moving?" for the stall watch, and for anyone who reads the store. After a chapter is
 * written it follows {@link AwaitRule}, as the read model does.
 *
 * @param stage the stage whose work is awaited
 * @param chapter the chapter the awaited work is about
 * @param description the awaited work, for a person
 */
public record Awaited(Stage stage, int chapter, String description) {

  /** What an open book waits for, or empty when its next step can be taken now. */
  public static Optional<Awaited> of(BookState book) {
    if (book.getPlanHeldSince() > 0) {
      return Optional.of(
          new Awaited(
              Stage.WRITE,
              0,
              "a person to approve the plan (POST /books/" + book.getBookId() + "/plan)"));
    }
    if (book.getPlanCallId() != null && book.getPlan() == null) {
      return Optional.of(new Awaited(Stage.WRITE, 0, "the text model to plan the book"));
    }
    if (book.getPlanCallId() != null) {
      int next = book.getWrittenThrough() + 1;
      return Optional.of(
          new Awaited(
              Stage.WRITE,
              next,
              "the text model to plan chapters "
                  + next
                  + "-"
                  + book.getPlannedThrough()
                  + " (the next part of the plan)"));
    }
    ChapterStep step = book.getStep();
    if (step != null) {
      String what =
          switch (step.getPhase()) {
            case RECALL -> "story memory to be searched before chapter " + step.getChapter();
            case WRITE ->
                "the text model to write chapter "
                    + step.getChapter()
                    + " (attempt "
                    + step.getAttempt()
                    + ")";
            case JUDGE ->
                "the judge model to score chapter "
                    + step.getChapter()
                    + " (attempt "
                    + step.getAttempt()
                    + ")";
          };
      return Optional.of(new Awaited(Stage.WRITE, step.getChapter(), what));
    }
    int written = book.getWrittenThrough();
    if (written < book.getRevisionFrom()) {
      return Optional.empty();
    }
    return AwaitRule.after(
            written,
            book.getIndexedThrough(),
            chapter -> hasSummaryThrough(book, chapter),
            book.getSynopsis() != null,
            book.getArcLength(),
            book.getChapterCount())
        .map(awaits -> afterChapter(book, written, awaits));
  }

  /**
   * The illustrations a written book waits for before it is published, for the stall watch's
   * message. Not part of {@link #of}: no step of the book waits for them (its whole-book judge is
   * asked meanwhile), only its publication does.
   */
  static Optional<Awaited> illustrations(BookState book) {
    int written = book.getWrittenThrough();
    if (written < book.getChapterCount() || book.getIllustrating().isEmpty()) {
      return Optional.empty();
    }
    int first = book.getIllustrating().stream().mapToInt(Integer::intValue).min().orElseThrow();
    return Optional.of(
        new Awaited(
            Stage.WRITE,
            first,
            book.getLooksCallId() != null
                ? "the text model to write the characters' looks for the illustrations"
                : "the image model to draw the illustration of chapter "
                    + first
                    + (book.getIllustrating().size() > 1
                        ? " and " + (book.getIllustrating().size() - 1) + " more"
                        : "")));
  }

  private static Awaited afterChapter(BookState book, int written, AwaitRule.Awaits awaits) {
    return switch (awaits) {
      case INDEXED ->
          new Awaited(
              Stage.INDEX,
              written,
              "ChapterIndexed "
                  + written
                  + " (chapter "
                  + written
                  + " to be indexed in story memory by indexer-service)");
      case ARC_SUMMARY ->
          new Awaited(
              Stage.SUMMARIZE,
              written,
              "ArcSummarized "
                  + written
                  + " (the summary of chapters "
                  + ArcRule.arcStart(written, book.getArcLength())
                  + "-"
                  + written
                  + (written == book.getChapterCount() ? " and the book's synopsis" : "")
                  + " from summarizer-service)");
      case SYNOPSIS ->
          new Awaited(
              Stage.SUMMARIZE,
              written,
              "the book's synopsis (on ArcSummarized " + written + " from summarizer-service)");
    };
  }

  /** Whether the book holds the summary of the arc that ends at chapter n. */
  static boolean hasSummaryThrough(BookState book, int chapter) {
    return book.getSummaries().stream().anyMatch(s -> s.getThroughChapter() == chapter);
  }
}
