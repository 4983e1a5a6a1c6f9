package io.fablestream.indexer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.LedgerProcessor;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The indexer's processor: each analysis and each chapter is written to story memory off the stream
 * thread, and a chapter is announced on chapters.indexed once the store has confirmed it, so the
 * next chapter's retrieval sees it. A closed book (completed or failed) is remembered with the time
 * it closed, and its chunks are forgotten {@code memory.retention} later; a chapter of a revision
 * (the book reopened) clears that mark.
 *
 * <p>Delivered twice, a ChapterWritten leaves one set of chunks (their ids derive from book, kind,
 * chapter and chunk index) and is announced twice: ChapterIndexed states a fact ("chapter n is in
 * memory with c chunks"), true both times, which chapter-service takes as a set-membership fact.
 */
final class IndexerProcessor extends LedgerProcessor<SpecificRecord, SpecificRecord> {
  /** How often the books past their retention are looked for (wall-clock time). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  private final IndexerCalls calls;
  private final DocumentIndexer indexer;
  private final Duration retention;
  private final Clock clock;
  private KeyValueStore<String, Long> closed;

  IndexerProcessor(IndexerCalls calls, DocumentIndexer indexer, Duration retention, Clock clock) {
    super(calls.ledger, SWEEP_INTERVAL);
    this.calls = calls;
    this.indexer = indexer;
    this.retention = retention;
    this.clock = clock;
    on(AnalysisReady.class, ready -> issue(DocumentIndexer.analysis(ready)));
    on(ChapterWritten.class, this::onChapterWritten);
    on(BookCompleted.class, done -> closed.put(done.getBookId(), clock.millis()));
    on(BookFailed.class, failed -> closed.put(failed.getBookId(), clock.millis()));
  }

  @Override
  protected void opened(ProcessorContext<String, SpecificRecord> processorContext) {
    this.closed = processorContext.getStateStore(IndexerService.CLOSED_STORE);
  }

  private void onChapterWritten(ChapterWritten chapter) {
    closed.delete(chapter.getBookId());
    issue(DocumentIndexer.chapter(chapter));
  }

  private void issue(IndexWrite write) {
    pending().issue(write.bookId(), write.id(), calls.write, write, clock.millis());
  }

  /** A write or a forget is back, on this task's thread. */
  @Override
  protected void answered(Finished<?, ?> finished) {
    long now = clock.millis();
    if (finished.is(calls.forget)) {
      switch (finished) {
        case Finished.Answered<?, ?> forgotten -> closed.delete(forgotten.key());
        case Finished.Failed<?, ?>
                notYet -> {} // a store that is down is asked again at the next sweep
      }
      return;
    }
    Finished<IndexWrite, DocumentIndexer.Indexed> done = finished.as(calls.write);
    IndexWrite write = done.request();
    switch (done) {
      case Finished.Failed<IndexWrite, DocumentIndexer.Indexed> notWritten -> {
        if (!(notWritten.failure() instanceof StoreUnavailableException e)) {
          throw notWritten.failure();
        }
        BookFailed failed = indexer.failed(write, e, clock.instant());
        forward(Topics.BOOKS_FAILED, write.bookId(), failed, now);
      }
      case Finished.Answered<IndexWrite, DocumentIndexer.Indexed> written -> {
        // The analysis is announced as chapter 0 only when its chunks ride on the event (memory
        // kept in Kafka): chapter-service keeps them for the recalls before chapters 1 to 3.
        if (write.kind() == MemoryKind.CHAPTER || !written.answer().chunks().isEmpty()) {
          ChapterIndexed indexed =
              new ChapterIndexed(
                  write.bookId(),
                  write.chapter(),
                  written.answer().chunkCount(),
                  write.revision(),
                  written.answer().chunks());
          forward(Topics.CHAPTERS_INDEXED, write.bookId(), indexed, now);
        }
      }
    }
  }

  /** A bug of ours about a book: it fails with INTERNAL_ERROR, the line goes on. */
  @Override
  protected void bug(String bookId, SpecificRecord event, RuntimeException e) {
    String message = internalError(bookId, e);
    if (bookId == null) {
      return; // a record without a key: there is no book to fail
    }
    BookFailed failed = indexer.internalError(bookId, message, clock.instant());
    forward(Topics.BOOKS_FAILED, bookId, failed, clock.millis());
  }

  /** Forgets the chunks of books closed longer ago than the retention. */
  @Override
  protected void sweep(long wallClock) {
    long now = clock.millis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = closed.all()) {
      all.forEachRemaining(
          kv -> {
            if (now - kv.value >= retention.toMillis()) {
              expired.add(kv.key);
            }
          });
    }
    for (String bookId : expired) {
      pending().issue(bookId, "forget", calls.forget, bookId, clock.millis());
    }
  }
}
