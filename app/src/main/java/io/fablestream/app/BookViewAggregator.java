package io.fablestream.app;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.IllustrationRef;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.RevisionRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds one event into a {@link BookView}, as chapter-service moves the book (ChapterProcessor, and
 * {@link RevisionRule} for the revisions it takes). Idempotent: the same event twice gives an equal
 * view, so a redelivered record changes nothing; the view's {@code updatedAt} is the time the event
 * itself carries (or its record's timestamp), never the time it was folded.
 *
 * <p>Revisions: every event but the request's carries its {@code revision}, and one of a revision
 * older than the view's changes nothing. A BookRevisionRequested that chapter-service would take
 * (the book completed, the next number, a chapter in range, exactly one of text and instruction)
 * moves the view to that revision: the chapters before {@code fromChapter} and the summaries of the
 * arcs that end before it are kept, the rest is dropped. The finished revision's view is kept aside
 * ({@link Revisions}), since a refused request (INVALID_REVISION) or a revision that fails midway
 * leaves the book completed at its last completed revision: the view goes back to it, and the
 * failed revision's entry in {@link BookView#revisions()} says why.
 */
public final class BookViewAggregator {
  /** The views of a book's finished revisions, kept aside from its current view. */
  public interface Revisions {
    /** The view of a finished revision, or null when none is kept. */
    BookView finished(String bookId, int revision);

    /** Keeps the view of a finished revision (completed, or failed midway). */
    void keep(BookView finished);
  }

  /** Finished revisions in memory: for one process that follows a few books (the CLI, tests). */
  public static final class InMemoryRevisions implements Revisions {
    private final Map<String, BookView> views = new HashMap<>();

    @Override
    public BookView finished(String bookId, int revision) {
      return views.get(bookId + "#" + revision);
    }

    @Override
    public void keep(BookView finished) {
      views.put(finished.bookId() + "#" + finished.revision(), finished);
    }
  }

  private BookViewAggregator() {}

  /**
   * The view after an event.
   *
   * @param view the view so far
   * @param event any event of the line's topics
   * @param recordTime the event's record timestamp, epoch milliseconds: the time of an event that
   *     carries none of its own
   * @param revisions where the views of finished revisions are kept
   */
  public static BookView apply(
      BookView view, SpecificRecord event, long recordTime, Revisions revisions) {
    long at = Math.max(view.updatedAt(), eventTime(event, recordTime));
    BookView next =
        switch (event) {
          case ImageSubmitted e -> submitted(view, e);
          case AnalysisReady e -> analyzed(view, e);
          case ChapterWritten e -> written(view, e);
          case ChapterIndexed e -> indexed(view, e);
          case ArcSummarized e -> summarized(view, e);
          case BookCompleted e -> completed(view, e);
          case BookFailed e -> failed(view, e, at, revisions);
          case BookRevisionRequested e -> revisionRequested(view, e);
          case BookPlanned e -> planned(view, e);
          case ChapterIllustrated e -> illustrated(view, e);
          default -> view;
        };
    if (next == view) {
      return view;
    }
    next = next.withUpdatedAt(at);
    if (next.stage() == BookView.Stage.COMPLETED && "book.completed".equals(next.lastEvent())) {
      revisions.keep(next);
    }
    return next;
  }

  /** When the event happened: its own time where it carries one, else its record's. */
  static long eventTime(SpecificRecord event, long recordTime) {
    long own =
        switch (event) {
          case ImageSubmitted e -> e.getSubmittedAt().toEpochMilli();
          case AnalysisReady e -> e.getSubmittedAt().toEpochMilli();
          case BookCompleted e -> e.getCompletedAt().toEpochMilli();
          case BookFailed e -> e.getFailedAt().toEpochMilli();
          case BookRevisionRequested e -> e.getRequestedAt().toEpochMilli();
          case BookPlanned e -> e.getPlannedAt().toEpochMilli();
          case ChapterIllustrated e -> e.getIllustratedAt().toEpochMilli();
          default -> 0;
        };
    return own > 0 ? own : Math.max(0, recordTime);
  }

  private static BookView submitted(BookView v, ImageSubmitted e) {
    BookView.Request known = v.request();
    if (known.submittedAt() != 0) {
      return v; // seen already, or its analysis was: both carry the request
    }
    return v.withRequest(
            new BookView.Request(
                known.title() != null ? known.title() : e.getTitle(),
                known.language() != null ? known.language() : e.getLanguage(),
                e.getChapterCount(),
                e.getArcLength(),
                e.getWordsPerChapter(),
                e.getRequestedBy(),
                e.getSubmittedAt().toEpochMilli()))
        .withLastEvent(v.lastEvent() != null ? v.lastEvent() : "image.submitted");
  }

  /**
   * The book's plan; an older revision of it than the one shown changes nothing. The same revision
   * replaces it: a long book's plan grows a part at a time, each part published as the whole plan
   * so far with the revision it extends.
   */
  private static BookView planned(BookView v, BookPlanned e) {
    if (v.story().plan() != null && v.story().plan().revision() > e.getRevision()) {
      return v;
    }
    BookView.Plan plan =
        new BookView.Plan(
            e.getRevision(),
            e.getApproved(),
            e.getTitle(),
            e.getCast().stream()
                .map(c -> new BookView.PlannedCharacter(c.getName(), c.getLine()))
                .toList(),
            e.getMainConflict(),
            e.getBeats().stream()
                .map(
                    b ->
                        new BookView.Beat(
                            b.getChapter(), b.getBeat(), b.getEnding(), b.getPicture()))
                .toList());
    String title = v.request().title();
    return v.withStory(v.story().withPlan(plan))
        .withRequest(v.request().withTitle(title != null ? title : e.getTitle()))
        .withLastEvent("book.planned");
  }

  private static BookView analyzed(BookView v, AnalysisReady e) {
    if (v.story().analysis() != null) {
      return v;
    }
    boolean begun = v.finished() || !v.story().chapters().isEmpty();
    String title = v.request().title();
    return v.withStage(begun ? v.stage() : BookView.Stage.ANALYZED)
        .withRequest(
            new BookView.Request(
                title != null ? title : e.getTitle(),
                e.getLanguage(),
                e.getChapterCount(),
                e.getArcLength(),
                e.getWordsPerChapter(),
                e.getRequestedBy(),
                e.getSubmittedAt().toEpochMilli()))
        .withStory(v.story().withAnalysis(analysis(e.getAnalysis())))
        .withLastEvent(begun ? v.lastEvent() : "analysis.ready");
  }

  private static BookView written(BookView v, ChapterWritten e) {
    BookView at = atRevision(v, e.getRevision(), e.getChapterNumber());
    if (at == null) {
      return v;
    }
    return at.withStage(BookView.Stage.WRITING)
        .withRequest(at.request().withChapterCount(e.getChapterCount()))
        .withStory(at.story().withChapter(chapter(e, plannedPicture(at, e.getChapterNumber()))))
        .withLastEvent("chapter.written");
  }

  /**
   * The picture the plan placed chapter n on (the finished book then says it again); 1 without a
   * plan or a beat for it.
   */
  private static int plannedPicture(BookView v, int n) {
    BookView.Plan plan = v.story().plan();
    return plan == null
        ? 1
        : plan.beats().stream()
            .filter(b -> b.chapter() == n)
            .mapToInt(BookView.Beat::picture)
            .findFirst()
            .orElse(1);
  }

  private static BookView indexed(BookView v, ChapterIndexed e) {
    // Chapter 0 is the analysis's chunks (memory.store=kafka): no chapter of the book moved.
    if (e.getChapterNumber() < 1 || !open(v, e.getRevision())) {
      return v;
    }
    BookView.Story story = v.story();
    return v.withStory(
            story.withIndexedThrough(Math.max(story.indexedThrough(), e.getChapterNumber())))
        .withLastEvent("chapter.indexed");
  }

  private static BookView summarized(BookView v, ArcSummarized e) {
    if (!open(v, e.getRevision())) {
      return v;
    }
    BookView.Story story =
        v.story()
            .withSummary(
                new BookView.Summary(e.getFromChapter(), e.getThroughChapter(), e.getSummary()));
    int chapterCount = v.request().chapterCount();
    boolean lastArc = e.getThroughChapter() >= chapterCount && chapterCount > 0;
    if (lastArc && e.getSynopsis() != null) {
      story = story.withSynopsis(e.getSynopsis());
    }
    return v.withStory(story).withLastEvent("arc.summarized");
  }

  private static BookView completed(BookView v, BookCompleted e) {
    int from =
        e.getChapters().stream()
            .filter(c -> c.getRevision() == e.getRevision())
            .mapToInt(BookChapter::getNumber)
            .min()
            .orElse(1);
    BookView at = atRevision(v, e.getRevision(), from);
    if (at == null) {
      return v;
    }
    // The finished book is the authority on its chapters and summaries; what it does not carry
    // (attempts, validation) comes from the chapters as they were written.
    List<BookView.Chapter> chapters =
        e.getChapters().stream()
            .map(
                c -> {
                  Optional<BookView.Chapter> seen =
                      at.story().chapters().stream()
                          .filter(
                              s -> s.number() == c.getNumber() && s.revision() == c.getRevision())
                          .findFirst();
                  return new BookView.Chapter(
                      c.getNumber(),
                      c.getTitle(),
                      c.getText(),
                      c.getWordCount(),
                      seen.map(BookView.Chapter::attempts).orElse(0),
                      c.getEdited(),
                      seen.map(BookView.Chapter::validation).orElse(null),
                      c.getRevision(),
                      c.getPicture(),
                      illustration(c.getIllustration()),
                      c.getIllustrationFailure());
                })
            .toList();
    List<BookView.Summary> summaries =
        e.getSummaries().stream()
            .map(
                s ->
                    new BookView.Summary(s.getFromChapter(), s.getThroughChapter(), s.getSummary()))
            .toList();
    var s = e.getStats();
    BookView.Request asked = at.request();
    return at.withStage(BookView.Stage.COMPLETED)
        .withRequest(
            new BookView.Request(
                e.getTitle(),
                e.getLanguage(),
                Math.max(asked.chapterCount(), chapters.size()),
                asked.arcLength(),
                asked.wordsPerChapter(),
                e.getRequestedBy() != null ? e.getRequestedBy() : asked.requestedBy(),
                asked.submittedAt()))
        .withStory(
            new BookView.Story(
                analysis(e.getAnalysis()),
                at.story().plan(),
                chapters,
                Math.max(at.story().indexedThrough(), chapters.size()),
                summaries,
                e.getSynopsis(),
                BibleView.of(e.getBible())))
        .withOutcome(
            new BookView.Outcome(
                null,
                new BookView.Stats(
                    s.getPromptTokens(),
                    s.getOutputTokens(),
                    s.getModelTimeMs(),
                    s.getWallTimeMs(),
                    s.getModelCalls(),
                    s.getImageCalls(),
                    s.getImageTimeMs()),
                QualityView.of(e.getQuality())))
        .withLastEvent("book.completed");
  }

  /**
   * A chapter's illustration drawn: the chapter of its revision shows it at once, before the
   * finished book (which is the authority on it) arrives; an illustration of a chapter the view
   * does not hold at that revision changes nothing.
   */
  private static BookView illustrated(BookView v, ChapterIllustrated e) {
    int n = e.getChapterNumber();
    Optional<BookView.Chapter> chapter =
        v.story().chapters().stream()
            .filter(c -> c.number() == n && c.revision() == e.getRevision())
            .findFirst();
    if (chapter.isEmpty() || chapter.get().illustration() != null) {
      return v;
    }
    BookView.Illustration drawn =
        new BookView.Illustration(
            BookView.Illustration.path(v.bookId(), n),
            e.getContentType(),
            e.getData().remaining(),
            e.getWidth(),
            e.getHeight(),
            alt(e.getPrompt()));
    return v.withStory(v.story().withChapter(chapter.get().withIllustration(drawn)))
        .withLastEvent("chapter.illustrated");
  }

  /** The most characters of an alt text made from a prompt. */
  static final int MAX_ALT = 300;

  /** A prompt as alt text: its first {@value #MAX_ALT} characters, cut at a word. */
  static String alt(String prompt) {
    String text = prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ");
    if (text.length() <= MAX_ALT) {
      return text;
    }
    int cut = text.lastIndexOf(' ', MAX_ALT - 1);
    return text.substring(0, cut > 0 ? cut : MAX_ALT - 1) + "…";
  }

  private static BookView.Illustration illustration(IllustrationRef ref) {
    return ref == null
        ? null
        : new BookView.Illustration(
            ref.getPath(),
            ref.getContentType(),
            ref.getSize(),
            ref.getWidth(),
            ref.getHeight(),
            ref.getAlt());
  }

  private static BookView failed(BookView v, BookFailed e, long at, Revisions revisions) {
    int r = e.getRevision();
    BookView.Failure why =
        new BookView.Failure(e.getStage(), e.getReason(), e.getMessage(), e.getChapterNumber());
    if (FailureReason.INVALID_REVISION.name().equals(e.getReason())) {
      // A refused request: the book stays as it was, completed at its revision.
      if (r <= Math.max(1, v.completedRevision())) {
        return v; // a request for a revision there already is: nothing of it to mark
      }
      if (r == v.revision() && v.story().chapters().stream().anyMatch(c -> c.revision() == r)) {
        return v; // the line is writing revision r: this refuses a second request of that number
      }
      BookView.Revision refused =
          v.revisionEntry(r)
              .orElse(new BookView.Revision(r, null, e.getChapterNumber(), null, false, null, null))
              .failedWith(why);
      if (r == v.revision()) {
        return restored(v, refused, revisions);
      }
      return r > v.revision() ? v.withRevisionEntry(refused) : v;
    }
    if (r != v.revision() || v.finished()) {
      return v;
    }
    BookView.Revision entry = v.revisionEntry(r).orElseThrow().failedWith(why);
    BookView failedView =
        v.withRevisionEntry(entry)
            .withStage(BookView.Stage.FAILED)
            .withOutcome(v.outcome().withFailure(why))
            .withLastEvent("book.failed");
    if (v.completedRevision() == 0) {
      return failedView; // a first writing that failed: FAILED for good
    }
    // A revision that failed midway: the book stays completed at its last completed revision.
    revisions.keep(failedView.withUpdatedAt(at));
    return restored(failedView, entry, revisions);
  }

  /**
   * The view of the book's last completed revision, with the list of revisions as it is now and the
   * failed one's entry; when that view is not kept (it always is but in a reader that came late),
   * the failed revision's view, finished.
   */
  private static BookView restored(BookView now, BookView.Revision failed, Revisions revisions) {
    BookView completed = revisions.finished(now.bookId(), now.completedRevision());
    if (completed == null) {
      return now.withRevisionEntry(failed)
          .withStage(BookView.Stage.FAILED)
          .withOutcome(now.outcome().withFailure(failed.failure()))
          .withLastEvent("book.failed");
    }
    return completed
        .withRevisions(now.revisions())
        .withRevisionEntry(failed)
        .withLastEvent("book.failed");
  }

  private static BookView revisionRequested(BookView v, BookRevisionRequested e) {
    if (v.stage() != BookView.Stage.COMPLETED
        || e.getRevision() != v.nextRevision()
        || !takenByTheLine(v, e)) {
      return v; // refused by chapter-service (its BookFailed says why), or a duplicate
    }
    boolean edited = e.getText() != null;
    return begun(
        v,
        new BookView.Revision(
            e.getRevision(),
            BookView.Stage.WRITING,
            e.getFromChapter(),
            edited ? null : e.getInstruction(),
            edited,
            e.getRequestedAt().toEpochMilli(),
            null));
  }

  /** What {@link RevisionRule} takes, as far as the view knows the book. */
  private static boolean takenByTheLine(BookView v, BookRevisionRequested e) {
    // After a revision failed midway from chapter k, chapter-service revises from k at the latest,
    // until a revision completes again.
    return RevisionRule.problem(
            v.bookId(),
            v.request().chapterCount(),
            RevisionRequest.revisableThrough(v),
            e.getFromChapter(),
            e.getText(),
            e.getInstruction(),
            e.getBeats())
        .isEmpty();
  }

  /** The view moved to a revision just begun: what it keeps of the completed one. */
  private static BookView begun(BookView v, BookView.Revision entry) {
    int from = entry.fromChapter();
    return v.withRevisionEntry(entry)
        .withRevision(entry.revision())
        .withStage(BookView.Stage.WRITING)
        .withStory(v.story().before(from))
        .withOutcome(BookView.Outcome.NONE)
        .withLastEvent("revision.requested");
  }

  /**
   * The view an event of revision r applies to: the view itself while r is being written; for a
   * completed book, the view moved to r when r is its next revision (the request was not seen, but
   * chapter-service took it); null when the event changes nothing.
   */
  private static BookView atRevision(BookView v, int r, int fromChapter) {
    if (open(v, r)) {
      return v;
    }
    if (r > v.revision() && v.stage() == BookView.Stage.COMPLETED && r == v.nextRevision()) {
      return begun(
          v,
          new BookView.Revision(r, BookView.Stage.WRITING, fromChapter, null, false, null, null));
    }
    return null;
  }

  /** Whether revision r is the view's and still being written. */
  private static boolean open(BookView v, int r) {
    return r == v.revision() && !v.finished();
  }

  private static BookView.Chapter chapter(ChapterWritten e, int picture) {
    ChapterValidation check = e.getValidation();
    return new BookView.Chapter(
        e.getChapterNumber(),
        e.getTitle(),
        e.getText(),
        e.getWordCount(),
        e.getAttempts(),
        e.getEdited(),
        check == null
            ? null
            : new BookView.Validation(
                check.getMoodScore(),
                check.getConflictCount(),
                check.getPassed(),
                List.copyOf(check.getNotes()),
                List.copyOf(check.getAdvancedConflicts())),
        e.getRevision(),
        picture,
        null,
        null);
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
