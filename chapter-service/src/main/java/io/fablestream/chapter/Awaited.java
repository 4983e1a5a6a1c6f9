package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.schemas.Stage;
import java.util.Optional;

/**
 * What an open book waits for before its next step, read from its state: the answer to "why is this
 * book not moving?" for the stall watch, and for anyone who reads the store.
 *
 * @param stage the stage whose event is awaited
 * @param chapter the chapter the awaited event is about
 * @param description the awaited event, for a person
 */
public record Awaited(Stage stage, int chapter, String description) {

  /** What an open book waits for, or empty when its next chapter can be written now. */
  public static Optional<Awaited> of(BookState book) {
    int written = book.getChapters().size();
    if (written == 0) {
      return Optional.of(new Awaited(Stage.WRITE, 1, "chapter 1 to be written"));
    }
    if (book.getIndexedThrough() < written) {
      return Optional.of(
          new Awaited(
              Stage.INDEX,
              written,
              "ChapterIndexed "
                  + written
                  + " (chapter "
                  + written
                  + " to be indexed in story memory by indexer-service)"));
    }
    if (ArcRule.summaryDueAfter(written, book.getArcLength(), book.getChapterCount())
        && !hasSummaryThrough(book, written)) {
      int from = written - book.getArcLength() + 1;
      return Optional.of(
          new Awaited(
              Stage.SUMMARIZE,
              written,
              "ArcSummarized "
                  + written
                  + " (the summary of chapters "
                  + from
                  + "-"
                  + written
                  + " from summarizer-service)"));
    }
    return Optional.empty();
  }

  /** Whether the book holds the summary of the arc that ends at chapter n. */
  static boolean hasSummaryThrough(BookState book, int chapter) {
    return book.getSummaries().stream().anyMatch(s -> s.getThroughChapter() == chapter);
  }
}
