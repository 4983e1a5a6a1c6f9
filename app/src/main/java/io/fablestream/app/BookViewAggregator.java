package io.fablestream.app;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageSubmitted;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds one event into a {@link BookView}. Idempotent: the same event twice gives the same view, so
 * a redelivered record changes nothing; the view's {@code updatedAt} is the time the event itself
 * carries (or its record's timestamp), never the time it was folded. A finished book stays
 * finished.
 */
public final class BookViewAggregator {
  private BookViewAggregator() {}

  /**
   * The view after an event.
   *
   * @param view the view so far
   * @param event any event of the line's topics
   * @param recordTime the event's record timestamp, epoch milliseconds: the time of an event that
   *     carries none of its own
   */
  public static BookView apply(BookView view, SpecificRecord event, long recordTime) {
    BookView next =
        switch (event) {
          case ImageSubmitted e -> submitted(view, e);
          case AnalysisReady e -> analyzed(view, e);
          case ChapterWritten e -> written(view, e);
          case ChapterIndexed e -> indexed(view, e);
          case ArcSummarized e -> summarized(view, e);
          case BookCompleted e -> completed(view, e);
          case BookFailed e -> failed(view, e);
          default -> view;
        };
    if (next == view) {
      return view;
    }
    return next.withUpdatedAt(Math.max(view.updatedAt(), eventTime(event, recordTime)));
  }

  /** When the event happened: its own time where it carries one, else its record's. */
  static long eventTime(SpecificRecord event, long recordTime) {
    long own =
        switch (event) {
          case ImageSubmitted e -> e.getSubmittedAt().toEpochMilli();
          case AnalysisReady e -> e.getSubmittedAt().toEpochMilli();
          case BookCompleted e -> e.getCompletedAt().toEpochMilli();
          case BookFailed e -> e.getFailedAt().toEpochMilli();
          default -> 0;
        };
    return own > 0 ? own : Math.max(0, recordTime);
  }

  /** The view's last event, unless the book is finished: then what finished it stays last. */
  private static String happened(BookView v, String event) {
    return v.finished() ? v.lastEvent() : event;
  }

  private static BookView submitted(BookView v, ImageSubmitted e) {
    return v.withTitle(v.title() != null ? v.title() : e.getTitle())
        .withShape(e.getChapterCount(), e.getArcLength(), e.getWordsPerChapter())
        .withSubmittedAt(e.getSubmittedAt().toEpochMilli())
        .withLastEvent(happened(v, "image.submitted"));
  }

  private static BookView analyzed(BookView v, AnalysisReady e) {
    return v.withStage(v.finished() || !v.chapters().isEmpty() ? v.stage() : BookView.ANALYZED)
        .withTitle(v.title() != null ? v.title() : e.getTitle())
        .withShape(e.getChapterCount(), e.getArcLength(), e.getWordsPerChapter())
        .withSubmittedAt(e.getSubmittedAt().toEpochMilli())
        .withAnalysis(analysis(e.getAnalysis()))
        .withLastEvent(happened(v, "analysis.ready"));
  }

  private static BookView written(BookView v, ChapterWritten e) {
    return v.withStage(v.finished() ? v.stage() : BookView.WRITING)
        .withChapterCount(e.getChapterCount())
        .withChapter(
            new BookView.Chapter(e.getChapterNumber(), e.getTitle(), e.getText(), e.getWordCount()))
        .withLastEvent(happened(v, "chapter.written"));
  }

  private static BookView indexed(BookView v, ChapterIndexed e) {
    return v.withIndexedThrough(Math.max(v.indexedThrough(), e.getChapterNumber()))
        .withLastEvent(happened(v, "chapter.indexed"));
  }

  private static BookView summarized(BookView v, ArcSummarized e) {
    return v.withSummary(
            new BookView.Summary(e.getFromChapter(), e.getThroughChapter(), e.getSummary()))
        .withLastEvent(happened(v, "arc.summarized"));
  }

  private static BookView completed(BookView v, BookCompleted e) {
    if (BookView.FAILED.equals(v.stage())) {
      return v;
    }
    // The finished book is the authority on its chapters and summaries.
    List<BookView.Chapter> chapters =
        e.getChapters().stream()
            .map(
                (BookChapter c) ->
                    new BookView.Chapter(
                        c.getNumber(), c.getTitle(), c.getText(), c.getWordCount()))
            .toList();
    List<BookView.Summary> summaries =
        e.getSummaries().stream()
            .map(
                (ArcSummary s) ->
                    new BookView.Summary(s.getFromChapter(), s.getThroughChapter(), s.getSummary()))
            .toList();
    var s = e.getStats();
    return v.withStage(BookView.COMPLETED)
        .withTitle(e.getTitle())
        .withChapterCount(Math.max(v.chapterCount(), chapters.size()))
        .withAnalysis(analysis(e.getAnalysis()))
        .withChapters(chapters)
        .withIndexedThrough(Math.max(v.indexedThrough(), chapters.size()))
        .withSummaries(summaries)
        .withFailure(null)
        .withStats(
            new BookView.Stats(
                s.getPromptTokens(),
                s.getOutputTokens(),
                s.getModelTimeMs(),
                s.getWallTimeMs(),
                s.getModelCalls()))
        .withLastEvent("book.completed");
  }

  private static BookView failed(BookView v, BookFailed e) {
    if (v.finished()) {
      return v;
    }
    return v.withStage(BookView.FAILED)
        .withFailure(
            new BookView.Failure(e.getStage(), e.getReason(), e.getMessage(), e.getChapterNumber()))
        .withLastEvent("book.failed");
  }

  private static BookView.Analysis analysis(ImageAnalysis a) {
    return new BookView.Analysis(
        a.getSetting(),
        List.copyOf(a.getCharacters()),
        a.getMood(),
        List.copyOf(a.getObjects()),
        List.copyOf(a.getPotentialConflicts()));
  }
}
