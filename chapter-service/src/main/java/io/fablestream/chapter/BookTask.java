package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.PendingCalls;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What one stream task writes its books with: the book store, the chapters' texts, the calls in
 * flight, the sinks and the clock. {@link ChapterProcessor} makes one when its task starts; the
 * book's steps ({@link BookFlow}), its chapter's ({@link ChapterSteps}) and the {@link StallWatch}
 * take it, so each takes the book and what it acts on, and nothing else. Used on the task's stream
 * thread only.
 *
 * @param context the task's processor context, which the outputs are forwarded through
 * @param books the book store ({@link ChapterService#STORE})
 * @param texts the published chapters of the task's books
 * @param pending the task's calls in flight, in the ledger
 * @param outputs the sinks, and the failures' metric
 * @param clock the clock of every stamp in the state and the events
 */
record BookTask(
    ProcessorContext<String, SpecificRecord> context,
    KeyValueStore<String, BookState> books,
    BookTexts texts,
    PendingCalls pending,
    BookOutputs outputs,
    Clock clock) {

  /** The time of every stamp in the state and the events, epoch millis. */
  long now() {
    return clock.millis();
  }

  /** The book's state as stored, or null when the task holds none. */
  BookState book(String bookId) {
    return books.get(bookId);
  }

  /** Stores the book's state, changed in place by the step that read it. */
  void save(BookState book) {
    books.put(book.getBookId(), book);
  }

  /** Drops a book: its state and its chapters' texts. */
  void drop(String bookId) {
    texts.deleteBook(bookId);
    books.delete(bookId);
  }

  /**
   * Issues a call of the book, off the stream thread; its answer comes back to ChapterProcessor.
   */
  <Q> void issue(BookState book, String callId, CallKind<Q, ?> kind, Q request) {
    pending.issue(book.getBookId(), callId, kind, request, now());
  }

  /** Whether the book has a call in the ledger (queued or running). */
  boolean anyPending(String bookId) {
    return pending.anyPending(bookId);
  }

  /** Withdraws every call of the book. */
  void cancelCalls(String bookId) {
    pending.cancelAll(bookId);
  }

  void chapter(ChapterWritten chapter, long at) {
    outputs.chapter(context, chapter, at);
  }

  void completed(BookCompleted book, long at) {
    outputs.completed(context, book, at);
  }

  void planned(BookPlanned plan, long at) {
    outputs.planned(context, plan, at);
  }

  void illustrated(ChapterIllustrated illustration, long at) {
    outputs.illustrated(context, illustration, at);
  }

  /** Fails the book's revision (counted): its BookFailed, stamped {@code at}. */
  void failed(
      BookState book, Stage stage, FailureReason reason, String message, int chapter, long at) {
    outputs.failed(
        context, book.getBookId(), stage, reason, message, chapter, book.getRevision(), at);
  }

  /**
   * Fails, as a bug of ours, a revision of a book the task does not hold open (counted): its
   * BookFailed with INTERNAL_ERROR, stamped {@code at}.
   */
  void internalError(String bookId, int revision, String message, long at) {
    outputs.failed(
        context, bookId, Stage.WRITE, FailureReason.INTERNAL_ERROR, message, null, revision, at);
  }
}
