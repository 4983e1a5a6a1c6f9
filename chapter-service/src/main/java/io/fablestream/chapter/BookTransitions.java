package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.SpentUsage;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.PlanRule;
import io.fablestream.schemas.RevisionRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The changes a book's state goes through, from opened to closed. A state is read fresh from the
 * store for each record and written back, so it is changed in place. The chapters' texts are not in
 * it: they are in {@link BookTexts}, written once each. The finished book built from a state is
 * {@link CompletedBook}'s.
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
        .setLanguage(ready.getLanguage())
        .setReviewPlan(ready.getReviewPlan())
        .setStory(
            StorySeed.newBuilder()
                .setSetting(analysis.getSetting())
                .setCharacters(List.copyOf(analysis.getCharacters()))
                .setMood(analysis.getMood())
                .setObjects(List.copyOf(analysis.getObjects()))
                .setConflicts(List.copyOf(analysis.getPotentialConflicts()))
                .setPictures(Pictures.seeds(ready.getPictures()))
                .build())
        .setChapters(new ArrayList<>())
        .setSummaries(new ArrayList<>())
        .setUsage(spent(Usage.fromEvent(ready.getUsage())))
        .build();
  }

  /** The book with one more chapter published; its text goes to the text store. */
  static BookState withChapter(
      BookState book, ChapterWritten chapter, Usage usage, BookTexts texts, long now) {
    texts.put(
        book.getBookId(),
        ChapterText.newBuilder()
            .setNumber(chapter.getChapterNumber())
            .setTitle(chapter.getTitle())
            .setText(chapter.getText())
            .setWordCount(chapter.getWordCount())
            .setRevision(chapter.getRevision())
            .setEdited(chapter.getEdited())
            .setJudgeScore(BookMeasure.judgeScore(chapter))
            .setConflictsAdvanced(BookMeasure.conflictsAdvanced(chapter))
            .setSummary(chapter.getSummary())
            .setContradictionsFound(chapter.getValidation().getContradictionsFound())
            .setContradictionsFixed(chapter.getValidation().getContradictionsFixed())
            .build());
    book.setWrittenThrough(chapter.getChapterNumber());
    book.setStep(null);
    book.setAttempts(book.getAttempts() + chapter.getAttempts());
    withCost(book, usage);
    book.setLastProgressAt(now);
    return book;
  }

  /** The book with chapter n confirmed in story memory. */
  static BookState indexed(BookState book, int chapter, long now) {
    book.setIndexedThrough(chapter);
    book.setLastProgressAt(now);
    return book;
  }

  /**
   * The book with one more arc summary (replacing an older one of the same arc), in chapter order;
   * the summary of the last arc brings the synopsis. Its cost counts toward the book.
   */
  static BookState withSummary(BookState book, ArcSummarized summary, long now) {
    List<ArcNote> summaries = new ArrayList<>(book.getSummaries());
    summaries.removeIf(s -> s.getThroughChapter() == summary.getThroughChapter());
    summaries.add(
        ArcNote.newBuilder()
            .setFromChapter(summary.getFromChapter())
            .setThroughChapter(summary.getThroughChapter())
            .setSummary(summary.getSummary())
            .setBookSoFar(summary.getBookSoFar())
            .build());
    summaries.sort(Comparator.comparingInt(ArcNote::getThroughChapter));
    book.setSummaries(summaries);
    if (summary.getThroughChapter() == book.getChapterCount() && summary.getSynopsis() != null) {
      book.setSynopsis(summary.getSynopsis());
    }
    withCost(book, Usage.fromEvent(summary.getUsage()));
    book.setLastProgressAt(now);
    return book;
  }

  /** The book with what a call cost counted toward it. */
  static BookState withCost(BookState book, Usage usage) {
    SpentUsage before = book.getUsage();
    SpentUsage total = spent(usageOf(before).plus(usage));
    total.setImageCalls(before.getImageCalls());
    total.setImageTimeMs(before.getImageTimeMs());
    book.setUsage(total);
    return book;
  }

  /** The book with what a drawing of its illustrations cost counted toward it. */
  static BookState withDrawing(BookState book, DrawingCost cost) {
    SpentUsage total = SpentUsage.newBuilder(book.getUsage()).build();
    total.setImageCalls(total.getImageCalls() + cost.calls());
    total.setImageTimeMs(total.getImageTimeMs() + cost.timeMs());
    book.setUsage(total);
    return book;
  }

  /**
   * A completed book reopened as a revision from chapter k: chapters before k are kept (in the text
   * store, with their summaries, every arc of which ends before k), the rest of the revision is
   * written anew. The request's new beats replace the plan's of their chapters.
   */
  static BookState reopened(BookState book, BookRevisionRequested request, long now) {
    int from = request.getFromChapter();
    book.setStatus(BookStatus.OPEN);
    book.setOutcome(null);
    book.setClosedAt(0);
    book.setRevision(request.getRevision());
    book.setRevisionFrom(from);
    book.setRevisionStartedAt(request.getRequestedAt().toEpochMilli());
    book.setWrittenThrough(from - 1);
    book.setIndexedThrough(from - 1);
    book.setSummaries(
        new ArrayList<>(
            book.getSummaries().stream().filter(s -> s.getThroughChapter() < from).toList()));
    book.setSynopsis(null);
    List<PlannedBeat> beats = request.getBeats();
    keepPlanThrough(book, beats.stream().mapToInt(PlannedBeat::getChapter).reduce(from, Math::max));
    if (!beats.isEmpty()) {
      if (book.getPlan() == null) {
        // A book written without a plan has no cast or main conflict to plan its other
        // chapters from: it is written from these beats and the analysis, and asks for no part.
        book.setPlannedThrough(0);
      }
      BookPlan plan = BookPlan.of(book).map(p -> p.revised(beats)).orElse(BookPlan.ofBeats(beats));
      book.setPlan(plan.toJson());
    }
    // What chapters k and later set in the story bible goes: they are written anew.
    book.setBible(book.getBible() == null ? null : StoryBible.of(book).before(from).toJson());
    book.setRubricAsked(false);
    book.setRubricCallId(null);
    book.setRubricAnswer(null);
    book.setRubricModel(null);
    book.setStep(null);
    book.setAttempts(0);
    book.setUsage(spent(Usage.NONE));
    book.setLastProgressAt(now);
    return book;
  }

  /**
   * A book planned in parts, revised from chapter k: the beats before k are kept, and so is the
   * rest of the part that holds k (chapter k is begun at once), or of the part that holds the
   * revision's last new beat, when it gives beats; the later parts were planned from chapters now
   * rewritten, so their beats go and they are asked for again before their first chapter.
   */
  private static void keepPlanThrough(BookState book, int through) {
    if (book.getPlan() == null || book.getPlannedThrough() == 0) {
      return;
    }
    int keep = PlanRule.partEnd(through, book.getArcLength(), book.getChapterCount());
    if (keep >= book.getPlannedThrough()) {
      return;
    }
    book.setPlannedThrough(keep);
    BookPlan.of(book)
        .flatMap(plan -> plan.within(1, keep))
        .ifPresent(plan -> book.setPlan(plan.toJson()));
  }

  /**
   * The book closed: completed or failed. Its state and texts stay for {@code
   * chapter.closed.retention}, so a completed book can be revised and late events find it closed.
   */
  static BookState closed(BookState book, BookStatus status, String outcome, long now) {
    book.setStatus(status);
    book.setOutcome(outcome);
    book.setClosedAt(now);
    book.setStep(null);
    if (status == BookStatus.COMPLETED) {
      book.setCompletedRevision(book.getRevision());
    }
    return book;
  }

  /**
   * The book closed with its revision completed: it can be revised again from any chapter, whatever
   * limit a revision that failed midway had set.
   */
  static BookState completed(BookState book, long now) {
    closed(book, BookStatus.COMPLETED, null, now);
    book.setRevisableThrough(0);
    return book;
  }

  /**
   * The book closed by a failure. A first writing that failed is FAILED for good; a revision that
   * failed midway leaves the book at its last completed revision (COMPLETED, revisable again), but
   * from no later than the failed one began, since its later chapters are half rewritten.
   */
  static BookState failed(BookState book, String reason, long now) {
    int completed = book.getCompletedRevision();
    if (completed == 0) {
      return closed(book, BookStatus.FAILED, reason, now);
    }
    int limit = book.getRevisableThrough();
    closed(book, BookStatus.COMPLETED, reason, now);
    book.setCompletedRevision(completed);
    book.setRevisableThrough(
        RevisionRule.limitAfterFailure(book.getChapterCount(), limit, book.getRevisionFrom()));
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

  /** A usage record of the state as a Usage. */
  static Usage usageOf(SpentUsage u) {
    return new Usage(u.getPromptTokens(), u.getOutputTokens(), u.getDurationMs(), u.getCalls());
  }

  /** A Usage as the state's record. */
  static SpentUsage spent(Usage usage) {
    return SpentUsage.newBuilder()
        .setPromptTokens(usage.promptTokens())
        .setOutputTokens(usage.outputTokens())
        .setDurationMs(usage.durationMs())
        .setCalls(usage.calls())
        .build();
  }
}
