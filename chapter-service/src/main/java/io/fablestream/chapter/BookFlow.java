package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.PlanRule;
import io.fablestream.schemas.Stage;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A book's steps forward and its ends: its plan asked for, a chapter published, the next chapter
 * begun once nothing is awaited, the finished book published, a failure closed, a completed book
 * reopened for a revision. {@link ChapterProcessor} decides when; this class does it, with the
 * task's {@link BookTask}, on its stream thread. A chapter's own steps are {@link ChapterSteps}'.
 *
 * @param task the task's stores, calls and sinks
 * @param steps a chapter's own steps
 * @param metrics the chapters' and books' meters
 * @param settings the service's settings
 * @param modelCalls the kind of the planning and whole-book judge calls
 * @param illustrator the book's illustrations
 */
record BookFlow(
    BookTask task,
    ChapterSteps steps,
    ChapterMetrics metrics,
    ChapterSettings settings,
    CallKind<ModelRequest, ModelAnswer> modelCalls,
    Illustrator illustrator) {
  private static final Logger LOG = LoggerFactory.getLogger(BookFlow.class);

  /** The later parts of the book's plan: asked for with the same task, settings and calls. */
  private PlanParts parts() {
    return new PlanParts(task, settings, modelCalls);
  }

  /**
   * A new book: its plan is asked for, off the stream thread through the call ledger; the first
   * chapter is begun when the answer is back.
   */
  void plan(BookState book) {
    String id = "r" + book.getRevision() + "/plan";
    book.setPlanCallId(id);
    book.setPlannedThrough(PlanRule.firstThrough(book.getArcLength(), book.getChapterCount()));
    task.issue(book, id, modelCalls, PlanPrompt.request(book, settings));
    task.save(book);
  }

  /**
   * The planning call is back: the plan goes into the state (the book's title too, when the request
   * had none) and out as BookPlanned, and the first chapter is begun. An answer that is no plan, or
   * a model that could not answer, leaves the book to be written from the analysis alone, as before
   * plans: the chapters' own calls then meet the same model and fail the book if it is down.
   */
  void planned(BookState book, Finished<ModelRequest, ModelAnswer> call) {
    if (book.getPlan() != null) {
      parts().answered(book, call);
      advance(book);
      return;
    }
    book.setPlanCallId(null);
    long now = task.now();
    Optional<ModelAnswer> answered =
        OptionalAnswer.of(book, call, "the planning call", "written from the analysis alone");
    if (answered.isEmpty()) {
      advance(book);
      return;
    }
    ModelAnswer answer = answered.get();
    // A book planned in parts keeps the first part's beats only: the later ones are asked for
    // before their first chapter, from what was written.
    var plan =
        BookPlan.parse(answer.text(), book.getChapterCount())
            .flatMap(p -> p.within(1, book.getPlannedThrough()));
    if (plan.isEmpty()) {
      LOG.warn(
          "Book {}: the text model's plan was not the JSON asked for; written from the analysis"
              + " alone",
          book.getBookId());
      advance(book);
      return;
    }
    adopt(book, plan.get(), 1);
    if (book.getPlannedThrough() < book.getChapterCount()) {
      book.setPlanDirection(BookPlan.direction(answer.text()).orElse(null));
    }
    boolean held = book.getReviewPlan();
    BookPlanned event =
        plan.get().event(book.getBookId(), 1, book.getTitle(), !held, answer.model(), now);
    task.planned(book, event, now);
    if (held) {
      // A person reviews the plan first: nothing is written until it is approved.
      book.setPlanHeldSince(now);
      task.save(book);
      return;
    }
    advance(book);
  }

  /**
   * The book holds this plan from now on; a plan's title names a book the request left untitled.
   */
  static void adopt(BookState book, BookPlan plan, int revision) {
    book.setPlan(plan.toJson());
    book.setPlanRevision(revision);
    if (book.getTitle() == null && plan.title() != null && !plan.title().isBlank()) {
      book.setTitle(plan.title());
    }
  }

  void publish(BookState book, ChapterSteps.Published published) {
    long now = task.now();
    ChapterWritten chapter = published.chapter();
    BookTransitions.withChapter(book, chapter, published.usage(), task.texts(), now);
    task.chapter(chapter, now);
    illustrator.accepted(book, chapter.getChapterNumber());
    metrics.chapterWritten(
        Duration.ofMillis(published.tookMs()),
        chapter.getAttempts(),
        chapter.getValidation().getPassed());
    advance(book);
  }

  /** Takes the book's next step if nothing is awaited: the next chapter, or the finished book. */
  void advance(BookState book) {
    if (Awaited.of(book).isPresent()) {
      task.save(book);
      return;
    }
    if (book.getWrittenThrough() >= book.getChapterCount()) {
      if (settings.qualityJudge() && !book.getRubricAsked()) {
        askForRubric(book);
        return;
      }
      if (book.getRubricCallId() != null || illustrator.awaiting(book)) {
        task.save(book);
        return;
      }
      complete(book);
      return;
    }
    int next = book.getWrittenThrough() + 1;
    if (parts().ask(book, next)) {
      return;
    }
    illustrator.beforeChapter(book);
    steps.begin(task, book, next, null);
    task.save(book);
  }

  void complete(BookState book) {
    long now = task.now();
    var finished =
        CompletedBook.of(book, task.texts().through(book.getBookId(), book.getChapterCount()), now);
    BookTransitions.completed(book, now);
    task.save(book);
    task.completed(finished, now);
    metrics.bookCompleted(
        Duration.ofMillis(finished.getStats().getWallTimeMs()),
        finished.getStats().getPromptTokens() + finished.getStats().getOutputTokens());
    metrics.bookMeasured(finished.getQuality());
  }

  /**
   * The whole-book judge (quality.judge), asked once per revision after the synopsis, off the
   * stream thread through the call ledger; the book is published when its answer is back.
   */
  private void askForRubric(BookState book) {
    long now = task.now();
    String id = book.getBookId() + "/r" + book.getRevision() + "/rubric";
    book.setRubricAsked(true);
    book.setRubricCallId(id);
    task.issue(
        book,
        id,
        modelCalls,
        BookJudge.request(
            settings.judgeModel(),
            book,
            task.texts().through(book.getBookId(), book.getChapterCount())));
    task.save(book);
  }

  /** The whole-book judge answered (or failed: the book goes out without a rubric). */
  void rubricAnswered(BookState book, Finished<ModelRequest, ModelAnswer> call) {
    book.setRubricCallId(null);
    switch (call) {
      case Finished.Answered<ModelRequest, ModelAnswer> answered -> {
        ModelAnswer answer = answered.answer();
        book.setRubricAnswer(answer.text());
        book.setRubricModel(answer.model());
        BookTransitions.withCost(book, answer.usage());
      }
      case Finished.Failed<ModelRequest, ModelAnswer> failed ->
          LOG.warn(
              "Book {}: the whole-book judge failed, published without a rubric: {}",
              book.getBookId(),
              failed.failure().toString());
    }
    advance(book);
  }

  void fail(BookState book, Stage stage, FailureReason reason, String message, int chapter) {
    long now = task.now();
    task.failed(book, stage, reason, message, chapter, now);
    close(book, reason);
  }

  /**
   * Closes an open book that failed. A revision that failed midway leaves the book at its last
   * completed revision, revisable again from no later than where the failed one began.
   */
  void close(BookState book, FailureReason reason) {
    task.cancelCalls(book.getBookId());
    BookTransitions.failed(book, reason.name(), task.now());
    task.save(book);
  }

  /**
   * A bug of ours about a book: the book fails with INTERNAL_ERROR, the line goes on.
   *
   * @param revision the revision the event was about (a revision request's), else 1
   * @param message the bug in the words of the BookFailed ({@code LedgerProcessor.internalError})
   */
  void bug(String bookId, int revision, String message) {
    BookState book = task.book(bookId);
    if (book != null && book.getStatus() == BookStatus.OPEN) {
      int chapter = book.getStep() != null ? book.getStep().getChapter() : book.getWrittenThrough();
      fail(book, Stage.WRITE, FailureReason.INTERNAL_ERROR, message, chapter);
    } else if (book == null || revision > book.getRevision()) {
      long now = task.now();
      task.internalError(bookId, revision, message, now);
      if (book == null) {
        task.save(BookTransitions.closedUnopened(bookId, FailureReason.INTERNAL_ERROR.name(), now));
      }
    }
  }

  /**
   * Reopens a completed book as the revision asked for, and begins (or publishes) chapter k. A
   * revision with new beats publishes the plan it is written from, as the next revision of the plan
   * (a person's, approved), so the read model and the studio show it.
   */
  void reopen(BookState book, BookRevisionRequested request) {
    long now = task.now();
    BookTransitions.reopened(book, request, now);
    illustrator.reopened(book);
    if (!request.getBeats().isEmpty()) {
      int revision = book.getPlanRevision() + 1;
      book.setPlanRevision(revision);
      task.planned(
          book,
          BookPlan.of(book)
              .orElseThrow()
              .event(book.getBookId(), revision, book.getTitle(), true, null, now),
          now);
    }
    int k = request.getFromChapter();
    if (request.getText() == null) {
      steps.begin(task, book, k, request.getInstruction());
      task.save(book);
      return;
    }
    String title =
        task.texts().get(book.getBookId(), k).map(ChapterText::getTitle).orElse("Chapter " + k);
    ChapterWritten edited = steps.edited(book, k, title, request.getText().strip());
    publish(book, new ChapterSteps.Published(edited, Usage.NONE, 0));
  }
}
