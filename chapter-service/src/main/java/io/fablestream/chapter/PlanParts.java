package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.schemas.PlanRule;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The later parts of a long book's plan ({@link PlanRule}): each asked for before its first
 * chapter, off the stream thread through the call ledger, and joined to the plan when its answer is
 * back. The first plan is {@link BookFlow}'s.
 *
 * @param task the task's stores, calls and sinks
 * @param settings the service's settings, for the planning call
 * @param modelCalls the kind of the planning calls
 */
record PlanParts(
    BookTask task, ChapterSettings settings, CallKind<ModelRequest, ModelAnswer> modelCalls) {
  private static final Logger LOG = LoggerFactory.getLogger(PlanParts.class);

  /**
   * Before the first chapter of a later part of a long book's plan ({@link PlanRule}), asks for
   * that part's beats, off the stream thread through the call ledger, and says true: the chapter is
   * begun when the answer is back. A book without a plan is written from the analysis alone, and a
   * part a person's approved plan already holds is not asked for again.
   */
  boolean ask(BookState book, int chapter) {
    if (book.getPlan() == null
        || book.getPlannedThrough() == 0
        || chapter <= book.getPlannedThrough()) {
      return false;
    }
    int through = PlanRule.partEnd(chapter, book.getArcLength(), book.getChapterCount());
    BookPlan plan = BookPlan.of(book).orElseThrow();
    book.setPlannedThrough(through);
    if (plan.within(chapter, through).map(p -> p.beats().size()).orElse(0)
        == through - chapter + 1) {
      return false;
    }
    String id = "r" + book.getRevision() + "/plan/" + chapter;
    book.setPlanCallId(id);
    task.issue(
        book, id, modelCalls, PlanPrompt.extensionRequest(book, plan, chapter, through, settings));
    task.save(book);
    return true;
  }

  /**
   * A later part of the plan is back: its beats join the plan (the beats before it are kept), the
   * whole plan so far goes out as BookPlanned with the revision held; the caller begins the part's
   * first chapter. An answer without beats for the part, or a model that could not answer, leaves
   * those chapters to be written without beats, as a book whose first plan failed: the book goes
   * on.
   */
  void answered(BookState book, Finished<ModelRequest, ModelAnswer> call) {
    book.setPlanCallId(null);
    int from = book.getWrittenThrough() + 1;
    int through = book.getPlannedThrough();
    Optional<ModelAnswer> answered =
        OptionalAnswer.of(
            book,
            call,
            "the planning call for chapters " + from + "-" + through,
            "they are written without beats");
    if (answered.isEmpty()) {
      return;
    }
    ModelAnswer answer = answered.get();
    BookPlan held = BookPlan.of(book).orElseThrow();
    var part =
        BookPlan.parse(answer.text(), book.getChapterCount()).flatMap(p -> p.within(from, through));
    if (part.isEmpty()) {
      LOG.warn(
          "Book {}: the text model's plan for chapters {}-{} was not the JSON asked for; they are"
              + " written without beats",
          book.getBookId(),
          from,
          through);
      return;
    }
    BookPlan plan = held.withPart(from, through, part.get().beats());
    book.setPlan(plan.toJson());
    long now = task.now();
    task.planned(
        book,
        plan.event(
            book.getBookId(), book.getPlanRevision(), book.getTitle(), true, answer.model(), now),
        now);
  }
}
