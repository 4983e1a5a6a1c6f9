package io.fablestream.chapter;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The names in chapter-service's topology (the store and the sinks), and how the loop's outputs
 * reach their sinks.
 */
final class BookOutputs {
  /** The processor that runs the loop. */
  static final String PROCESSOR = "chapter-book-loop";

  /** The book store; its changelog is {@code fablestream-chapter-chapter-books-changelog}. */
  static final String STORE = "chapter-books";

  static final String CHAPTERS_SINK = Topics.CHAPTERS_WRITTEN.sinkName();
  static final String COMPLETED_SINK = Topics.BOOKS_COMPLETED.sinkName();
  static final String FAILED_SINK = Topics.BOOKS_FAILED.sinkName();
  static final String PLANNED_SINK = Topics.BOOKS_PLANNED.sinkName();

  private final BookFailures failures;

  BookOutputs(BookFailures failures) {
    this.failures = failures;
  }

  void chapter(ProcessorContext<String, SpecificRecord> ctx, ChapterWritten chapter, long at) {
    ctx.forward(new Record<>(chapter.getBookId(), chapter, at), CHAPTERS_SINK);
  }

  void completed(ProcessorContext<String, SpecificRecord> ctx, BookCompleted book, long at) {
    ctx.forward(new Record<>(book.getBookId(), book, at), COMPLETED_SINK);
  }

  void planned(ProcessorContext<String, SpecificRecord> ctx, BookPlanned plan, long at) {
    ctx.forward(new Record<>(plan.getBookId(), plan, at), PLANNED_SINK);
  }

  /** Fails a book (counted): the BookFailed of that revision, stamped now. */
  void failed(
      ProcessorContext<String, SpecificRecord> ctx,
      String bookId,
      Stage stage,
      FailureReason reason,
      String message,
      Integer chapter,
      int revision,
      long now) {
    BookFailed failed =
        failures.failed(
            bookId, stage, reason, message, chapter, revision, Instant.ofEpochMilli(now));
    ctx.forward(new Record<>(bookId, failed, now), FAILED_SINK);
  }
}
