package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No book waits forever, and no closed book stays for ever: on wall-clock time, an open book with
 * no progress for {@code chapter.stall.timeout} fails with STALLED, naming what it waited for, and
 * a book closed longer ago than {@code chapter.closed.retention} is dropped with its chapters. A
 * book with a call in the ledger (queued behind other books' calls, or running) is not stalled: a
 * queued call is progress, and the calls themselves end, in an answer or a failure.
 *
 * @param task the task's books, calls and sinks
 * @param settings the service's settings: the stall timeout, the retention, the review's bound
 */
record StallWatch(BookTask task, ChapterSettings settings) {
  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

  /** One look at every book of this task, at wall-clock time {@code now} (epoch millis). */
  void punctuate(long now) {
    List<BookState> stalled = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    List<BookState> unapproved = new ArrayList<>();
    try (KeyValueIterator<String, BookState> all = task.books().all()) {
      while (all.hasNext()) {
        KeyValue<String, BookState> entry = all.next();
        BookState book = entry.value;
        if (book.getStatus() == BookStatus.OPEN && book.getPlanHeldSince() > 0) {
          // Waiting for a person's review is not a stall; it has a bound of its own.
          if (now - book.getPlanHeldSince() >= settings.planReviewTimeout().toMillis()) {
            unapproved.add(book);
          }
        } else if (book.getStatus() == BookStatus.OPEN) {
          if (now - book.getLastProgressAt() >= settings.stallTimeout().toMillis()
              && !task.anyPending(book.getBookId())) {
            stalled.add(book);
          }
        } else if (now - book.getClosedAt() >= settings.closedRetention().toMillis()) {
          expired.add(entry.key);
        }
      }
    }
    stalled.forEach(this::fail);
    unapproved.forEach(this::notApproved);
    expired.forEach(task::drop);
  }

  private void notApproved(BookState book) {
    String message =
        "The book's plan waited "
            + settings.planReviewTimeout()
            + " ("
            + ChapterSettings.PLAN_REVIEW_TIMEOUT.name()
            + ") for a person to approve it (POST /books/"
            + book.getBookId()
            + "/plan). Submit the picture again, with or without reviewPlan.";
    LOG.warn("Book {}: plan not approved: {}", book.getBookId(), message);
    book.setPlanHeldSince(0);
    close(book, Stage.WRITE, FailureReason.PLAN_NOT_APPROVED, message, 0);
  }

  private void fail(BookState book) {
    int next = book.getWrittenThrough() + 1;
    Awaited awaited =
        Awaited.of(book)
            .or(() -> Awaited.illustrations(book))
            .orElse(
                new Awaited(
                    Stage.WRITE, next, "chapter " + next + " to be begun by chapter-service"));
    String message =
        "The book made no progress for "
            + settings.stallTimeout()
            + " ("
            + ChapterSettings.STALL_TIMEOUT.name()
            + "): it was waiting for "
            + awaited.description()
            + ". Check that "
            + serviceOf(awaited.stage())
            + " is running and look at its logs and its dead-letter topic, then submit the"
            + " picture again.";
    LOG.warn("Book {} stalled: {}", book.getBookId(), message);
    close(book, awaited.stage(), FailureReason.STALLED, message, awaited.chapter());
  }

  /** Fails the book's revision: its BookFailed out, its state closed. */
  private void close(
      BookState book, Stage stage, FailureReason reason, String message, int chapter) {
    long stamp = task.now();
    task.failed(book, stage, reason, message, chapter, stamp);
    BookTransitions.failed(book, reason.name(), stamp);
    task.save(book);
  }

  private static String serviceOf(Stage stage) {
    return switch (stage) {
      case INDEX -> "indexer-service";
      case SUMMARIZE -> "summarizer-service";
      default -> "chapter-service";
    };
  }
}
