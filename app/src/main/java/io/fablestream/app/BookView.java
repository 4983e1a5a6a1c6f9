package io.fablestream.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

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

  /** The view with another stage. */
  public BookView withStage(String stage) {
    return edit(d -> d.stage = stage);
  }

  /** The view with another title. */
  public BookView withTitle(String title) {
    return edit(d -> d.title = title);
  }

  /** The view with the book's shape as requested. */
  public BookView withShape(int chapterCount, int arcLength, int wordsPerChapter) {
    return edit(
        d -> {
          d.chapterCount = chapterCount;
          d.arcLength = arcLength;
          d.wordsPerChapter = wordsPerChapter;
        });
  }

  /** The view with another chapter count. */
  public BookView withChapterCount(int chapterCount) {
    return edit(d -> d.chapterCount = chapterCount);
  }

  /** The view with the request's time, epoch milliseconds. */
  public BookView withSubmittedAt(long submittedAt) {
    return edit(d -> d.submittedAt = submittedAt);
  }

  /** The view with the picture's analysis. */
  public BookView withAnalysis(Analysis analysis) {
    return edit(d -> d.analysis = analysis);
  }

  /** The view with these chapters (sorted by number). */
  public BookView withChapters(List<Chapter> chapters) {
    List<Chapter> sorted = new ArrayList<>(chapters);
    sorted.sort(Comparator.comparingInt(Chapter::number));
    return edit(d -> d.chapters = sorted);
  }

  /** The view with one chapter added, or put in place of the one of its number. */
  public BookView withChapter(Chapter chapter) {
    List<Chapter> next = new ArrayList<>(chapters);
    next.removeIf(c -> c.number() == chapter.number());
    next.add(chapter);
    return withChapters(next);
  }

  /** The view with the highest chapter confirmed in story memory. */
  public BookView withIndexedThrough(int indexedThrough) {
    return edit(d -> d.indexedThrough = indexedThrough);
  }

  /** The view with these arc summaries (sorted by their last chapter). */
  public BookView withSummaries(List<Summary> summaries) {
    List<Summary> sorted = new ArrayList<>(summaries);
    sorted.sort(Comparator.comparingInt(Summary::throughChapter));
    return edit(d -> d.summaries = sorted);
  }

  /** The view with one arc summary added, or put in place of the one of the same arc. */
  public BookView withSummary(Summary summary) {
    List<Summary> next = new ArrayList<>(summaries);
    next.removeIf(s -> s.throughChapter() == summary.throughChapter());
    next.add(summary);
    return withSummaries(next);
  }

  /** The view with why the book failed, or null. */
  public BookView withFailure(Failure failure) {
    return edit(d -> d.failure = failure);
  }

  /** The view with what the finished book cost, or null. */
  public BookView withStats(Stats stats) {
    return edit(d -> d.stats = stats);
  }

  /** The view with what happened last. */
  public BookView withLastEvent(String lastEvent) {
    return edit(d -> d.lastEvent = lastEvent);
  }

  /** The view with when the last event happened, epoch milliseconds. */
  public BookView withUpdatedAt(long updatedAt) {
    return edit(d -> d.updatedAt = updatedAt);
  }

  private BookView edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.view();
  }

  /** A view's fields, changed one by one before the next view is made of them. */
  private static final class Draft {
    String bookId;
    String stage;
    String title;
    int chapterCount;
    int arcLength;
    int wordsPerChapter;
    long submittedAt;
    Analysis analysis;
    List<Chapter> chapters;
    int indexedThrough;
    List<Summary> summaries;
    Failure failure;
    Stats stats;
    String lastEvent;
    long updatedAt;

    Draft(BookView v) {
      bookId = v.bookId;
      stage = v.stage;
      title = v.title;
      chapterCount = v.chapterCount;
      arcLength = v.arcLength;
      wordsPerChapter = v.wordsPerChapter;
      submittedAt = v.submittedAt;
      analysis = v.analysis;
      chapters = v.chapters;
      indexedThrough = v.indexedThrough;
      summaries = v.summaries;
      failure = v.failure;
      stats = v.stats;
      lastEvent = v.lastEvent;
      updatedAt = v.updatedAt;
    }

    BookView view() {
      return new BookView(
          bookId,
          stage,
          title,
          chapterCount,
          arcLength,
          wordsPerChapter,
          submittedAt,
          analysis,
          chapters,
          indexedThrough,
          summaries,
          failure,
          stats,
          lastEvent,
          updatedAt);
    }
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
