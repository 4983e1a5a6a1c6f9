package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.chapter.state.SpentUsage;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.chapter.state.WrittenChapter;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The changes a book's state goes through, and the finished book built from it. A state is read
 * fresh from the store for each record and written back, so it is changed in place: copying it
 * (with its chapters' text) on every step would cost for nothing.
 */
final class BookTransitions {
  private BookTransitions() {}

  /** A new open book from its analysis; its usage starts with what the analysis cost. */
  static BookState opened(AnalysisReady ready, long now) {
    ImageAnalysis analysis = ready.getAnalysis();
    return BookState.newBuilder()
        .setBookId(ready.getBookId())
        .setStatus(BookStatus.OPEN)
        .setSubmittedAt(ready.getSubmittedAt().toEpochMilli())
        .setLastProgressAt(now)
        .setTitle(ready.getTitle())
        .setChapterCount(ready.getChapterCount())
        .setArcLength(ready.getArcLength())
        .setWordsPerChapter(ready.getWordsPerChapter())
        .setRequestedBy(ready.getRequestedBy())
        .setStory(
            StorySeed.newBuilder()
                .setSetting(analysis.getSetting())
                .setCharacters(List.copyOf(analysis.getCharacters()))
                .setMood(analysis.getMood())
                .setObjects(List.copyOf(analysis.getObjects()))
                .setConflicts(List.copyOf(analysis.getPotentialConflicts()))
                .build())
        .setChapters(new ArrayList<>())
        .setSummaries(new ArrayList<>())
        .setUsage(spent(Usage.fromEvent(ready.getUsage())))
        .build();
  }

  /** The book with one more chapter published. */
  static BookState withChapter(BookState book, ChapterWritten chapter, Usage usage, long now) {
    List<WrittenChapter> chapters = new ArrayList<>(book.getChapters());
    chapters.add(
        WrittenChapter.newBuilder()
            .setNumber(chapter.getChapterNumber())
            .setTitle(chapter.getTitle())
            .setText(chapter.getText())
            .setWordCount(chapter.getWordCount())
            .build());
    book.setChapters(chapters);
    book.setAttempts(book.getAttempts() + chapter.getAttempts());
    book.setUsage(spent(usageOf(book).plus(usage)));
    book.setLastProgressAt(now);
    return book;
  }

  /** The book with chapter n confirmed in story memory. */
  static BookState indexed(BookState book, int chapter, long now) {
    book.setIndexedThrough(chapter);
    book.setLastProgressAt(now);
    return book;
  }

  /** The book with one more arc summary, in chapter order; its cost counts toward the book. */
  static BookState withSummary(BookState book, ArcSummarized summary, long now) {
    List<ArcNote> summaries = new ArrayList<>(book.getSummaries());
    summaries.add(
        ArcNote.newBuilder()
            .setFromChapter(summary.getFromChapter())
            .setThroughChapter(summary.getThroughChapter())
            .setSummary(summary.getSummary())
            .build());
    summaries.sort(Comparator.comparingInt(ArcNote::getThroughChapter));
    book.setSummaries(summaries);
    book.setUsage(spent(usageOf(book).plus(Usage.fromEvent(summary.getUsage()))));
    book.setLastProgressAt(now);
    return book;
  }

  /**
   * The small record a closed book leaves: enough to ignore late events, without the text. The
   * stall watch deletes it after {@code chapter.closed.retention}.
   */
  static BookState closed(BookState book, BookStatus status, String outcome, long now) {
    book.setStatus(status);
    book.setOutcome(outcome);
    book.setClosedAt(now);
    book.setStory(null);
    book.setChapters(new ArrayList<>());
    book.setSummaries(new ArrayList<>());
    return book;
  }

  /** The closed record of a book this service never opened (it failed before its analysis). */
  static BookState closedUnopened(String bookId, String outcome, long now) {
    return BookState.newBuilder()
        .setBookId(bookId)
        .setStatus(BookStatus.FAILED)
        .setOutcome(outcome)
        .setSubmittedAt(0)
        .setLastProgressAt(now)
        .setClosedAt(now)
        .setChapterCount(0)
        .setArcLength(0)
        .setWordsPerChapter(0)
        .setChapters(new ArrayList<>())
        .setSummaries(new ArrayList<>())
        .setUsage(spent(Usage.NONE))
        .build();
  }

  /** The finished book, with what it cost over the analysis, every chapter and every summary. */
  static BookCompleted completed(BookState book, long now) {
    StorySeed story = book.getStory();
    List<BookChapter> chapters =
        book.getChapters().stream()
            .map(
                c ->
                    BookChapter.newBuilder()
                        .setNumber(c.getNumber())
                        .setTitle(c.getTitle())
                        .setText(c.getText())
                        .setWordCount(c.getWordCount())
                        .build())
            .toList();
    List<ArcSummary> summaries =
        book.getSummaries().stream()
            .map(
                s ->
                    ArcSummary.newBuilder()
                        .setFromChapter(s.getFromChapter())
                        .setThroughChapter(s.getThroughChapter())
                        .setSummary(s.getSummary())
                        .build())
            .toList();
    SpentUsage usage = book.getUsage();
    String title = book.getTitle() != null ? book.getTitle() : book.getChapters().get(0).getTitle();
    return BookCompleted.newBuilder()
        .setBookId(book.getBookId())
        .setTitle(title)
        .setAnalysis(
            ImageAnalysis.newBuilder()
                .setSetting(story.getSetting())
                .setCharacters(story.getCharacters())
                .setMood(story.getMood())
                .setObjects(story.getObjects())
                .setPotentialConflicts(story.getConflicts())
                .build())
        .setChapters(chapters)
        .setSummaries(summaries)
        .setStats(
            BookStats.newBuilder()
                .setPromptTokens(usage.getPromptTokens())
                .setOutputTokens(usage.getOutputTokens())
                .setModelTimeMs(usage.getDurationMs())
                .setWallTimeMs(Math.max(0, now - book.getSubmittedAt()))
                .setModelCalls(usage.getCalls())
                .build())
        .setRequestedBy(book.getRequestedBy())
        .setCompletedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** The book's usage so far. */
  static Usage usageOf(BookState book) {
    SpentUsage u = book.getUsage();
    return new Usage(u.getPromptTokens(), u.getOutputTokens(), u.getDurationMs(), u.getCalls());
  }

  private static SpentUsage spent(Usage usage) {
    return SpentUsage.newBuilder()
        .setPromptTokens(usage.promptTokens())
        .setOutputTokens(usage.outputTokens())
        .setDurationMs(usage.durationMs())
        .setCalls(usage.calls())
        .build();
  }
}
