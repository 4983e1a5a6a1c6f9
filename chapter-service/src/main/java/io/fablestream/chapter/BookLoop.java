package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chapter loop of one task: every event of a book (AnalysisReady, ChapterIndexed,
 * ArcSummarized, BookFailed) comes here, moves the book's state on, and causes at most one output.
 * Chapter 1 is written on AnalysisReady; chapter n+1 once chapter n is indexed and, where an arc
 * summary is due after n ({@link ArcRule}), the summary has arrived, in either order; the book is
 * published once its last chapter is indexed. Anything for a closed book, and any event already
 * seen, changes nothing.
 */
final class BookLoop implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(BookLoop.class);

  private final ChapterWriter writer;
  private final ChapterSettings settings;
  private final ChapterMetrics metrics;
  private final Clock clock;
  private final BookOutputs outputs;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, BookState> books;

  BookLoop(
      ChapterWriter writer,
      ChapterSettings settings,
      ChapterMetrics metrics,
      Clock clock,
      BookOutputs outputs) {
    this.writer = writer;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.outputs = outputs;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> processorContext) {
    this.context = processorContext;
    this.books = processorContext.getStateStore(outputs.store());
    StallWatch watch = new StallWatch(books, settings, metrics, clock, outputs, processorContext);
    processorContext.schedule(
        settings.stallCheckInterval(), PunctuationType.WALL_CLOCK_TIME, watch::punctuate);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long at = record.timestamp();
    switch (record.value()) {
      case AnalysisReady ready -> onAnalysisReady(ready, at);
      case ChapterIndexed indexed -> onChapterIndexed(indexed, at);
      case ArcSummarized summary -> onArcSummarized(summary, at);
      case BookFailed failed -> onBookFailed(failed);
      case null -> LOG.debug("Ignoring a record without a value, key {}", record.key());
      default -> LOG.warn("Ignoring a {} with key {}", record.value().getClass(), record.key());
    }
  }

  private void onAnalysisReady(AnalysisReady ready, long at) {
    if (books.get(ready.getBookId()) != null) {
      return;
    }
    writeChapter(BookTransitions.opened(ready, clock.millis()), 1, at);
  }

  private void onChapterIndexed(ChapterIndexed indexed, long at) {
    Optional<BookState> open = open(indexed.getBookId());
    int n = indexed.getChapterNumber();
    if (open.isEmpty()
        || n != open.get().getChapters().size()
        || n <= open.get().getIndexedThrough()) {
      return;
    }
    advance(BookTransitions.indexed(open.get(), n, clock.millis()), at);
  }

  private void onArcSummarized(ArcSummarized summary, long at) {
    Optional<BookState> open = open(summary.getBookId());
    int through = summary.getThroughChapter();
    if (open.isEmpty()
        || through < 1
        || through > open.get().getChapters().size()
        || Awaited.hasSummaryThrough(open.get(), through)) {
      return;
    }
    advance(BookTransitions.withSummary(open.get(), summary, clock.millis()), at);
  }

  private void onBookFailed(BookFailed failed) {
    String bookId = failed.getBookId();
    BookState book = books.get(bookId);
    if (book == null) {
      // Failed before its analysis reached us: remember it, so a late AnalysisReady starts nothing.
      books.put(bookId, BookTransitions.closedUnopened(bookId, failed.getReason(), clock.millis()));
    } else if (book.getStatus() == BookStatus.OPEN) {
      books.put(
          bookId,
          BookTransitions.closed(book, BookStatus.FAILED, failed.getReason(), clock.millis()));
    }
  }

  /** Takes the book's next step if nothing is awaited: the next chapter, or the finished book. */
  private void advance(BookState book, long at) {
    if (Awaited.of(book).isPresent()) {
      books.put(book.getBookId(), book);
      return;
    }
    int written = book.getChapters().size();
    if (written >= book.getChapterCount()) {
      complete(book, at);
    } else {
      writeChapter(book, written + 1, at);
    }
  }

  private void writeChapter(BookState book, int number, long at) {
    long started = System.nanoTime();
    ChapterOutcome outcome = writer.write(book, number);
    switch (outcome) {
      case ChapterOutcome.Published published -> {
        long now = clock.millis();
        books.put(
            book.getBookId(),
            BookTransitions.withChapter(book, published.chapter(), published.usage(), now));
        outputs.chapter(context, published.chapter(), at);
        metrics.chapterWritten(
            Duration.ofNanos(System.nanoTime() - started),
            published.attempts(),
            published.chapter().getValidation().getPassed());
      }
      case ChapterOutcome.Failed failed -> {
        LOG.warn("Book {} failed at chapter {}: {}", book.getBookId(), number, failed.message());
        fail(book, Stage.WRITE, failed.reason(), failed.message(), number, at);
      }
    }
  }

  private void complete(BookState book, long at) {
    long now = clock.millis();
    var finished = BookTransitions.completed(book, now);
    books.put(book.getBookId(), BookTransitions.closed(book, BookStatus.COMPLETED, null, now));
    outputs.completed(context, finished, at);
    metrics.bookCompleted(
        Duration.ofMillis(finished.getStats().getWallTimeMs()),
        finished.getStats().getPromptTokens() + finished.getStats().getOutputTokens());
  }

  private void fail(
      BookState book, Stage stage, FailureReason reason, String message, int chapter, long at) {
    long now = clock.millis();
    books.put(
        book.getBookId(), BookTransitions.closed(book, BookStatus.FAILED, reason.name(), now));
    outputs.failed(context, book.getBookId(), stage, reason, message, chapter, now, at);
    metrics.bookFailed(reason.name(), stage.name());
  }

  private Optional<BookState> open(String bookId) {
    BookState book = books.get(bookId);
    return book != null && book.getStatus() == BookStatus.OPEN
        ? Optional.of(book)
        : Optional.empty();
  }
}
