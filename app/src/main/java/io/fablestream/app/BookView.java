package io.fablestream.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What is known of one book, built from every event about it: the read model behind {@code GET
 * /books/{id}}, the server-sent events and the CLI's progress. Immutable; {@link
 * BookViewAggregator} makes the next one from an event.
 *
 * @param bookId the book's id
 * @param stage SUBMITTED, ANALYZED, WRITING, COMPLETED or FAILED
 * @param title the requested title, then the finished book's
 * @param chapterCount how many chapters were asked for
 * @param arcLength chapters per arc
 * @param wordsPerChapter the target length of a chapter
 * @param submittedAt when the request was made, epoch milliseconds; 0 when not seen
 * @param analysis the picture's analysis, or null before it
 * @param chapters the chapters written so far, by number
 * @param indexedThrough the highest chapter confirmed in story memory, 0 for none
 * @param summaries the arc summaries so far, in order
 * @param failure why the book failed, or null
 * @param stats what the finished book cost, or null
 * @param lastEvent what happened last, for example {@code chapter.written}
 * @param updatedAt when the last event was seen, epoch milliseconds
 */
public record BookView(
    String bookId,
    String stage,
    String title,
    int chapterCount,
    int arcLength,
    int wordsPerChapter,
    long submittedAt,
    Analysis analysis,
    List<Chapter> chapters,
    int indexedThrough,
    List<Summary> summaries,
    Failure failure,
    Stats stats,
    String lastEvent,
    long updatedAt) {

  public static final String SUBMITTED = "SUBMITTED";
  public static final String ANALYZED = "ANALYZED";
  public static final String WRITING = "WRITING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  public BookView {
    chapters = List.copyOf(chapters);
    summaries = List.copyOf(summaries);
  }

  /** A book nothing is known of yet but its id. */
  public static BookView empty(String bookId) {
    return new BookView(
        bookId, SUBMITTED, null, 0, 0, 0, 0, null, List.of(), 0, List.of(), null, null, null, 0);
  }

  /** Whether the book has its outcome: completed or failed. */
  public boolean finished() {
    return COMPLETED.equals(stage) || FAILED.equals(stage);
  }

  /** What the book waits for next, in words; null once it is finished. */
  @JsonProperty("waitingFor")
  public String waitingFor() {
    if (finished()) {
      return null;
    }
    if (analysis == null) {
      return "the analyzer: the vision model reading the picture";
    }
    int written = chapters.isEmpty() ? 0 : chapters.get(chapters.size() - 1).number();
    if (written == 0) {
      return "chapter 1 of " + chapterCount + " (the text model)";
    }
    if (indexedThrough < written) {
      return "chapter " + written + " to be indexed in story memory";
    }
    // The last arc is never summarised: no chapter comes after it (ArcRule in the services).
    if (arcLength > 0
        && written % arcLength == 0
        && written < chapterCount
        && !summarizedThrough(written)) {
      return "the summary of chapters " + (written - arcLength + 1) + "-" + written;
    }
    if (written < chapterCount) {
      return "chapter " + (written + 1) + " of " + chapterCount + " (the text model)";
    }
    return "the finished book to be published";
  }

  private boolean summarizedThrough(int chapter) {
    return summaries.stream().anyMatch(s -> s.throughChapter() == chapter);
  }

  /** The picture as the vision model saw it. */
  public record Analysis(
      String setting,
      List<String> characters,
      String mood,
      List<String> objects,
      List<String> potentialConflicts) {}

  /** One chapter. */
  public record Chapter(int number, String title, String text, int wordCount) {}

  /** One arc summary. */
  public record Summary(int fromChapter, int throughChapter, String summary) {}

  /** Why a book failed: the stage, the stable reason code, a message for a person. */
  public record Failure(String stage, String reason, String message, Integer chapterNumber) {}

  /** What a finished book cost. */
  public record Stats(
      long promptTokens, long outputTokens, long modelTimeMs, long wallTimeMs, int modelCalls) {}
}
