package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.LedgerProcessor;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chapter loop of one task: every event of a book (AnalysisReady, ChapterIndexed,
 * ArcSummarized, BookFailed, BookRevisionRequested) and every answer of its calls comes here and
 * moves the book's state on. Chapter 1 is begun on AnalysisReady; chapter n+1 once chapter n is
 * indexed and, where n ends an arc ({@link ArcRule}), its summary has arrived, in either order; the
 * book is published once its last chapter is indexed and its last summary and synopsis are in.
 * Anything for a closed book, an event of another revision, and any event already seen, changes
 * nothing. A bug of ours while handling an event fails that book with INTERNAL_ERROR and the loop
 * goes on.
 */
final class ChapterProcessor extends LedgerProcessor<SpecificRecord, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(ChapterProcessor.class);

  private final ChapterSteps steps;
  private final ChapterCalls calls;
  private final ChapterSettings settings;
  private final ChapterMetrics metrics;
  private final Clock clock;
  private final BookOutputs outputs;
  private final boolean keepsChunks;
  private final IllustrationSettings illustrations;
  private final IllustrationMetrics illustrationMetrics;
  private BookTask task;
  private Illustrator illustrator;
  private BookFlow flow;
  private StallWatch watch;

  ChapterProcessor(
      ChapterSteps steps,
      ChapterCalls calls,
      ChapterSettings settings,
      ChapterMetrics metrics,
      Clock clock,
      BookOutputs outputs,
      boolean keepsChunks,
      IllustrationSettings illustrations,
      IllustrationMetrics illustrationMetrics) {
    super(calls.ledger, settings.stallCheckInterval());
    this.steps = steps;
    this.calls = calls;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.outputs = outputs;
    this.keepsChunks = keepsChunks;
    this.illustrations = illustrations;
    this.illustrationMetrics = illustrationMetrics;
    on(AnalysisReady.class, this::onAnalysisReady);
    on(ChapterIndexed.class, this::onChapterIndexed);
    on(ArcSummarized.class, this::onArcSummarized);
    on(BookFailed.class, this::onBookFailed);
    on(BookRevisionRequested.class, this::onRevision);
    on(BookPlanned.class, this::onBookPlanned);
  }

  @Override
  protected void opened(ProcessorContext<String, SpecificRecord> processorContext) {
    KeyValueStore<String, BookState> books = processorContext.getStateStore(ChapterService.STORE);
    BookTexts texts =
        new BookTexts(
            processorContext.getStateStore(ChapterService.TEXTS_STORE),
            keepsChunks
                ? new BookChunks(processorContext.getStateStore(ChapterService.CHUNKS_STORE))
                : null);
    this.task = new BookTask(processorContext, books, texts, pending(), outputs, clock);
    this.illustrator = new Illustrator(task, settings, illustrations, calls, illustrationMetrics);
    this.flow = new BookFlow(task, steps, metrics, settings, calls.model, illustrator);
    this.watch = new StallWatch(task, settings);
  }

  @Override
  protected void sweep(long wallClock) {
    watch.punctuate(wallClock);
  }

  /** A bug of ours about a book: the book fails with INTERNAL_ERROR ({@link BookFlow#bug}). */
  @Override
  protected void bug(String bookId, SpecificRecord event, RuntimeException e) {
    int revision = event instanceof BookRevisionRequested r ? r.getRevision() : 1;
    String message = internalError(bookId, e);
    if (bookId != null) {
      flow.bug(bookId, revision, message);
    }
  }

  private void onAnalysisReady(AnalysisReady ready) {
    if (task.book(ready.getBookId()) != null) {
      return;
    }
    flow.plan(BookTransitions.opened(ready, task.now()));
  }

  private void onChapterIndexed(ChapterIndexed indexed) {
    int n = indexed.getChapterNumber();
    if (n == 0) {
      // The analysis's chunks (memory kept in Kafka), for a book this task holds; nothing waits.
      if (task.book(indexed.getBookId()) != null) {
        task.texts().indexed(indexed);
      }
      return;
    }
    open(indexed.getBookId(), indexed.getRevision())
        .filter(book -> n == book.getWrittenThrough() && n > book.getIndexedThrough())
        .ifPresent(
            book -> {
              task.texts().indexed(indexed);
              flow.advance(BookTransitions.indexed(book, n, task.now()));
            });
  }

  private void onArcSummarized(ArcSummarized summary) {
    int through = summary.getThroughChapter();
    open(summary.getBookId(), summary.getRevision())
        .filter(
            book ->
                through >= 1
                    && through <= book.getWrittenThrough()
                    && ArcRule.endsArc(through, book.getArcLength(), book.getChapterCount())
                    && !Awaited.hasSummaryThrough(book, through))
        .ifPresent(book -> flow.advance(BookTransitions.withSummary(book, summary, task.now())));
  }

  private void onBookFailed(BookFailed failed) {
    String bookId = failed.getBookId();
    BookState book = task.book(bookId);
    if (book == null) {
      if (failed.getRevision() > 1) {
        return; // a refused revision of a book this task does not know: nothing to remember
      }
      // Failed before its analysis reached us: remember it, so a late AnalysisReady starts nothing.
      task.save(BookTransitions.closedUnopened(bookId, failed.getReason(), task.now()));
    } else if (book.getStatus() == BookStatus.OPEN && failed.getRevision() == book.getRevision()) {
      flow.close(book, FailureReason.valueOf(failed.getReason()));
    }
  }

  /**
   * A plan read back from books.planned: the service's own (already held, so nothing changes), or a
   * later revision of it, which the book's chapters not yet begun are written from.
   */
  private void onBookPlanned(BookPlanned planned) {
    BookState book = load(planned.getBookId());
    if (book == null
        || book.getStatus() != BookStatus.OPEN
        || !planned.getApproved()
        || planned.getRevision() <= book.getPlanRevision()) {
      return;
    }
    BookFlow.adopt(book, BookPlan.of(planned), planned.getRevision());
    book.setLastProgressAt(task.now());
    if (book.getPlanHeldSince() > 0) {
      // The plan a person approved: the book is written from it now.
      book.setPlanHeldSince(0);
      flow.advance(book);
      return;
    }
    task.save(book);
  }

  private void onRevision(BookRevisionRequested request) {
    BookState book = load(request.getBookId());
    if (book != null
        && book.getStatus() == BookStatus.OPEN
        && request.getRevision() == book.getRevision()) {
      LOG.info(
          "Book {}: revision {} asked for again; it is being written",
          book.getBookId(),
          request.getRevision());
      return;
    }
    Optional<String> problem = RevisionCheck.problem(book, request);
    if (problem.isPresent()) {
      outputs.failed(
          context(),
          request.getBookId(),
          Stage.REVISE,
          FailureReason.INVALID_REVISION,
          problem.get(),
          request.getFromChapter(),
          request.getRevision(),
          task.now());
      return;
    }
    flow.reopen(book, request);
  }

  /** A call of a book is back: the chapter it served takes its next step. */
  @Override
  protected void answered(Finished<?, ?> call) {
    BookState book = task.book(call.key());
    if (book == null || book.getStatus() != BookStatus.OPEN) {
      return; // the book closed while the call ran: nothing waits for its answer
    }
    if (call.id().equals(book.getPlanCallId())) {
      book.setLastProgressAt(task.now());
      flow.planned(book, call.as(calls.model));
    } else if (call.id().equals(book.getRubricCallId())) {
      book.setLastProgressAt(task.now());
      flow.rubricAnswered(book, call.as(calls.model));
    } else if (illustrator.owns(book, call)) {
      book.setLastProgressAt(task.now());
      if (illustrator.answered(book, call)) {
        flow.advance(book);
      } else {
        task.save(book);
      }
    } else if (ChapterSteps.awaited(book, call)) {
      book.setLastProgressAt(task.now());
      chapterAnswered(book, call);
    }
  }

  /** The answer to a call of the chapter being written: it waits on, is published, or fails. */
  private void chapterAnswered(BookState book, Finished<?, ?> call) {
    switch (steps.answered(task, book, call)) {
      case ChapterSteps.Waiting waiting -> task.save(book);
      case ChapterSteps.Published published -> flow.publish(book, published);
      case ChapterSteps.Failed failed -> {
        LOG.warn(
            "Book {} failed at chapter {}: {}",
            book.getBookId(),
            book.getStep().getChapter(),
            failed.message());
        flow.fail(
            book, Stage.WRITE, failed.reason(), failed.message(), book.getStep().getChapter());
      }
    }
  }

  /** The book, open and at that revision, or empty. */
  private Optional<BookState> open(String bookId, int revision) {
    BookState book = load(bookId);
    return book != null && book.getStatus() == BookStatus.OPEN && book.getRevision() == revision
        ? Optional.of(book)
        : Optional.empty();
  }

  /** The book's state; one an older version wrote has its chapters moved to the text store. */
  private BookState load(String bookId) {
    return task.texts().adoptLegacyChapters(task.book(bookId));
  }
}
