package io.fablestream.chapter;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** How the processor's outputs reach their topics' sinks ({@link Topics}: one a topic). */
final class BookOutputs {
  private final BookFailures failures;

  BookOutputs(BookFailures failures) {
    this.failures = failures;
  }

  void chapter(ProcessorContext<String, SpecificRecord> ctx, ChapterWritten chapter, long at) {
    Topics.CHAPTERS_WRITTEN.forward(ctx, chapter.getBookId(), chapter, at);
  }

  void completed(ProcessorContext<String, SpecificRecord> ctx, BookCompleted book, long at) {
    Topics.BOOKS_COMPLETED.forward(ctx, book.getBookId(), book, at);
  }

  void planned(ProcessorContext<String, SpecificRecord> ctx, BookPlanned plan, long at) {
    Topics.BOOKS_PLANNED.forward(ctx, plan.getBookId(), plan, at);
  }

  void illustrated(
      ProcessorContext<String, SpecificRecord> ctx, ChapterIllustrated illustration, long at) {
    Topics.CHAPTERS_ILLUSTRATED.forward(ctx, illustration.getBookId(), illustration, at);
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
    Topics.BOOKS_FAILED.forward(ctx, bookId, failed, now);
  }
}
