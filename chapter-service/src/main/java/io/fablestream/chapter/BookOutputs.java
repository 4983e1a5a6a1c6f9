package io.fablestream.chapter;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** How the processor's outputs reach their sinks (named in {@link ChapterService}). */
final class BookOutputs {
  private final BookFailures failures;

  BookOutputs(BookFailures failures) {
    this.failures = failures;
  }

  void chapter(ProcessorContext<String, SpecificRecord> ctx, ChapterWritten chapter, long at) {
    ctx.forward(new Record<>(chapter.getBookId(), chapter, at), ChapterService.CHAPTERS_SINK);
  }

  void completed(ProcessorContext<String, SpecificRecord> ctx, BookCompleted book, long at) {
    ctx.forward(new Record<>(book.getBookId(), book, at), ChapterService.COMPLETED_SINK);
  }

  void planned(ProcessorContext<String, SpecificRecord> ctx, BookPlanned plan, long at) {
    ctx.forward(new Record<>(plan.getBookId(), plan, at), ChapterService.PLANNED_SINK);
  }

  void illustrated(
      ProcessorContext<String, SpecificRecord> ctx, ChapterIllustrated illustration, long at) {
    ctx.forward(
        new Record<>(illustration.getBookId(), illustration, at), ChapterService.ILLUSTRATED_SINK);
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
    ctx.forward(new Record<>(bookId, failed, now), ChapterService.FAILED_SINK);
  }
}
