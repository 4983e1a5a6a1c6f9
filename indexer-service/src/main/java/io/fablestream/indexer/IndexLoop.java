package io.fablestream.indexer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.PendingCalls;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer's loop: each analysis and each chapter is written to story memory off the stream
 * thread, and a chapter is announced on chapters.indexed once the store has confirmed it, so the
 * next chapter's retrieval sees it. A closed book (completed or failed) is remembered with the time
 * it closed, and its chunks are forgotten {@code memory.retention} later; a chapter of a revision
 * (the book reopened) clears that mark.
 *
 * <p>Delivered twice, a ChapterWritten leaves one set of chunks (their ids derive from book, kind,
 * chapter and chunk index) and is announced twice: ChapterIndexed states a fact ("chapter n is in
 * memory with c chunks"), true both times, which chapter-service takes as a set-membership fact.
 */
final class IndexLoop implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(IndexLoop.class);

  /** How often the books past their retention are looked for (wall-clock time). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  private final IndexCalls calls;
  private final DocumentIndexer indexer;
  private final Duration retention;
  private final Clock clock;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, Long> closed;
  private PendingCalls pending;

  IndexLoop(IndexCalls calls, DocumentIndexer indexer, Duration retention, Clock clock) {
    this.calls = calls;
    this.indexer = indexer;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> processorContext) {
    this.context = processorContext;
    this.closed = processorContext.getStateStore(IndexCalls.CLOSED_STORE);
    this.pending = calls.ledger.open(processorContext, this::written, this::bug);
    processorContext.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void close() {
    if (pending != null) {
      pending.close();
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = clock.millis();
    switch (record.value()) {
      case AnalysisReady ready -> issue(DocumentIndexer.analysis(ready), now);
      case ChapterWritten chapter -> {
        closed.delete(chapter.getBookId());
        issue(DocumentIndexer.chapter(chapter), now);
      }
      case BookCompleted done -> closed.put(done.getBookId(), now);
      case BookFailed failed -> closed.put(failed.getBookId(), now);
      case null -> LOG.debug("Ignoring a record without a value, key {}", record.key());
      default -> LOG.warn("Ignoring a {} with key {}", record.value().getClass(), record.key());
    }
  }

  private void issue(IndexWrite write, long now) {
    pending.issue(write.bookId(), write.id(), calls.write, write, now);
  }

  /** A write or a forget is back, on this task's thread. */
  private void written(Finished<?, ?> finished) {
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
        context.forward(new Record<>(write.bookId(), failed, now), IndexCalls.FAILED_SINK);
      }
      case Finished.Answered<IndexWrite, DocumentIndexer.Indexed> written -> {
        if (write.kind() == MemoryKind.CHAPTER) {
          ChapterIndexed indexed =
              new ChapterIndexed(
                  write.bookId(),
                  write.chapter(),
                  written.answer().chunkCount(),
                  write.revision(),
                  written.answer().chunks());
          context.forward(new Record<>(write.bookId(), indexed, now), IndexCalls.INDEXED_SINK);
        }
      }
    }
  }

  /** A bug of ours about a book: it fails with INTERNAL_ERROR, the line goes on. */
  private void bug(String bookId, RuntimeException e) {
    LOG.error("indexer-service failed unexpectedly on book {}", bookId, e);
    BookFailed failed =
        indexer.internalError(
            bookId,
            "indexer-service failed unexpectedly ("
                + e.getClass().getSimpleName()
                + "). This is a bug: report it with the bookId; submitting again may work.",
            clock.instant());
    context.forward(new Record<>(bookId, failed, clock.millis()), IndexCalls.FAILED_SINK);
  }

  /** Forgets the chunks of books closed longer ago than the retention. */
  private void sweep(long wallClock) {
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
      pending.issue(bookId, "forget", calls.forget, bookId, clock.millis());
    }
  }
}
