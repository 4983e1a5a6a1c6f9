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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds one event into a {@link BookView}. Idempotent: the same event twice gives the same view, so
 * a redelivered record changes nothing. A finished book stays finished.
 */
public final class BookViewAggregator {
  private BookViewAggregator() {}

  /**
   * The view after an event.
   *
   * @param view the view so far
   * @param event any event of the line's topics
   * @param seenAt when the event was seen, epoch milliseconds
   */
  public static BookView apply(BookView view, SpecificRecord event, long seenAt) {
    return switch (event) {
      case ImageSubmitted e -> submitted(view, e, seenAt);
      case AnalysisReady e -> analyzed(view, e, seenAt);
      case ChapterWritten e -> written(view, e, seenAt);
      case ChapterIndexed e -> indexed(view, e, seenAt);
      case ArcSummarized e -> summarized(view, e, seenAt);
      case BookCompleted e -> completed(view, e, seenAt);
      case BookFailed e -> failed(view, e, seenAt);
      default -> view;
    };
  }

  private static BookView submitted(BookView v, ImageSubmitted e, long at) {
    return new BookView(
        e.getBookId(),
        v.stage(),
        v.title() != null ? v.title() : e.getTitle(),
        e.getChapterCount(),
        e.getArcLength(),
        e.getWordsPerChapter(),
        e.getSubmittedAt().toEpochMilli(),
        v.analysis(),
        v.chapters(),
        v.indexedThrough(),
        v.summaries(),
        v.failure(),
        v.stats(),
        v.finished() ? v.lastEvent() : "image.submitted",
        at);
  }

  private static BookView analyzed(BookView v, AnalysisReady e, long at) {
    return new BookView(
        e.getBookId(),
        v.finished() || !v.chapters().isEmpty() ? v.stage() : BookView.ANALYZED,
        v.title() != null ? v.title() : e.getTitle(),
        e.getChapterCount(),
        e.getArcLength(),
        e.getWordsPerChapter(),
        e.getSubmittedAt().toEpochMilli(),
        analysis(e.getAnalysis()),
        v.chapters(),
        v.indexedThrough(),
        v.summaries(),
        v.failure(),
        v.stats(),
        v.finished() ? v.lastEvent() : "analysis.ready",
        at);
  }

  private static BookView written(BookView v, ChapterWritten e, long at) {
    List<BookView.Chapter> chapters = new ArrayList<>(v.chapters());
    chapters.removeIf(c -> c.number() == e.getChapterNumber());
    chapters.add(
        new BookView.Chapter(e.getChapterNumber(), e.getTitle(), e.getText(), e.getWordCount()));
    chapters.sort(Comparator.comparingInt(BookView.Chapter::number));
    return new BookView(
        e.getBookId(),
        v.finished() ? v.stage() : BookView.WRITING,
        v.title(),
        e.getChapterCount(),
        v.arcLength(),
        v.wordsPerChapter(),
        v.submittedAt(),
        v.analysis(),
        chapters,
        v.indexedThrough(),
        v.summaries(),
        v.failure(),
        v.stats(),
        v.finished() ? v.lastEvent() : "chapter.written",
        at);
  }

  private static BookView indexed(BookView v, ChapterIndexed e, long at) {
    return new BookView(
        e.getBookId(),
        v.stage(),
        v.title(),
        v.chapterCount(),
        v.arcLength(),
        v.wordsPerChapter(),
        v.submittedAt(),
        v.analysis(),
        v.chapters(),
        Math.max(v.indexedThrough(), e.getChapterNumber()),
        v.summaries(),
        v.failure(),
        v.stats(),
        v.finished() ? v.lastEvent() : "chapter.indexed",
        at);
  }

  private static BookView summarized(BookView v, ArcSummarized e, long at) {
    List<BookView.Summary> summaries = new ArrayList<>(v.summaries());
    summaries.removeIf(s -> s.throughChapter() == e.getThroughChapter());
    summaries.add(new BookView.Summary(e.getFromChapter(), e.getThroughChapter(), e.getSummary()));
    summaries.sort(Comparator.comparingInt(BookView.Summary::throughChapter));
    return new BookView(
        e.getBookId(),
        v.stage(),
        v.title(),
        v.chapterCount(),
        v.arcLength(),
        v.wordsPerChapter(),
        v.submittedAt(),
        v.analysis(),
        v.chapters(),
        v.indexedThrough(),
        summaries,
        v.failure(),
        v.stats(),
        v.finished() ? v.lastEvent() : "arc.summarized",
        at);
  }

  private static BookView completed(BookView v, BookCompleted e, long at) {
    if (BookView.FAILED.equals(v.stage())) {
      return v;
    }
    // The finished book is the authority on its chapters and summaries.
    List<BookView.Chapter> chapters = new ArrayList<>();
    for (BookChapter c : e.getChapters()) {
      chapters.add(
          new BookView.Chapter(c.getNumber(), c.getTitle(), c.getText(), c.getWordCount()));
    }
    List<BookView.Summary> summaries = new ArrayList<>();
    for (ArcSummary s : e.getSummaries()) {
      summaries.add(
          new BookView.Summary(s.getFromChapter(), s.getThroughChapter(), s.getSummary()));
    }
    var s = e.getStats();
    return new BookView(
        e.getBookId(),
        BookView.COMPLETED,
        e.getTitle(),
        Math.max(v.chapterCount(), chapters.size()),
        v.arcLength(),
        v.wordsPerChapter(),
        v.submittedAt(),
        analysis(e.getAnalysis()),
        chapters,
        Math.max(v.indexedThrough(), chapters.size()),
        summaries,
        null,
        new BookView.Stats(
            s.getPromptTokens(),
            s.getOutputTokens(),
            s.getModelTimeMs(),
            s.getWallTimeMs(),
            s.getModelCalls()),
        "book.completed",
        at);
  }

  private static BookView failed(BookView v, BookFailed e, long at) {
    if (v.finished()) {
      return v;
    }
    return new BookView(
        e.getBookId(),
        BookView.FAILED,
        v.title(),
        v.chapterCount(),
        v.arcLength(),
        v.wordsPerChapter(),
        v.submittedAt(),
        v.analysis(),
        v.chapters(),
        v.indexedThrough(),
        v.summaries(),
        new BookView.Failure(e.getStage(), e.getReason(), e.getMessage(), e.getChapterNumber()),
        v.stats(),
        "book.failed",
        at);
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
