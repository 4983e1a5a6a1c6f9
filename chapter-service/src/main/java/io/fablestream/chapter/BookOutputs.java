package io.fablestream.chapter;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
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

  static final String CHAPTERS_SINK = "write-" + Topics.CHAPTERS_WRITTEN.name();
  static final String COMPLETED_SINK = "write-" + Topics.BOOKS_COMPLETED.name();
  static final String FAILED_SINK = "write-" + Topics.BOOKS_FAILED.name();

  String store() {
    return STORE;
  }

  void chapter(ProcessorContext<String, SpecificRecord> ctx, ChapterWritten chapter, long at) {
    ctx.forward(new Record<>(chapter.getBookId(), chapter, at), CHAPTERS_SINK);
  }

  void completed(ProcessorContext<String, SpecificRecord> ctx, BookCompleted book, long at) {
    ctx.forward(new Record<>(book.getBookId(), book, at), COMPLETED_SINK);
  }

  void failed(
      ProcessorContext<String, SpecificRecord> ctx,
      String bookId,
      Stage stage,
      FailureReason reason,
      String message,
      Integer chapter,
      long now,
      long at) {
    BookFailed failed =
        BookFailed.newBuilder()
            .setBookId(bookId)
            .setStage(stage.name())
            .setReason(reason.name())
            .setMessage(message)
            .setChapterNumber(chapter)
            .setFailedAt(Instant.ofEpochMilli(now))
            .build();
    ctx.forward(new Record<>(bookId, failed, at), FAILED_SINK);
  }
}
