package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.LedgerProcessor;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageSubmitted in, exactly one event out: AnalysisReady, or BookFailed with the reason. The
 * request is checked first, then the image is taken in (inline bytes here; a URI is downloaded off
 * the stream thread), then the vision model is asked, off the stream thread too: the call goes to
 * the ledger ({@link AnalyzerCalls}), and its answer comes back to {@link #answered} on this task's
 * thread, inside its transaction. Nothing about the input can stop the line: bad input is a
 * BookFailed, and even a bug (an unexpected exception) becomes a BookFailed {@code INTERNAL_ERROR}
 * for this book only.
 *
 * <p>The output key is the value's bookId; when the record key differs, the value wins (it is what
 * the rest of the line reads) and the mismatch is logged. A request without a bookId fails under
 * its record key, so the producer can still find the answer. A bookId over {@link
 * RequestCheck#MAX_BOOK_ID} characters is refused, but still answered under itself, so the producer
 * finds the answer; only an absurd one (over {@link #MAX_ANSWER_KEY} characters) is answered under
 * its first {@code MAX_ANSWER_KEY} characters, because the BookFailed carries the id twice (key and
 * value) and must stay well under Kafka's record size limit, or it could not be written at all.
 */
final class AnalyzerProcessor extends LedgerProcessor<ImageSubmitted, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzerProcessor.class);

  /** The longest id an answer is keyed by, in chars: 16 Ki, at most 48 KB of UTF-8. */
  static final int MAX_ANSWER_KEY = 16_384;

  private final ImageIntake intake;
  private final RequestCheck check;
  private final VisionAnalyst analyst;
  private final AnalyzerCalls calls;
  private final AnalyzerMetrics metrics;
  private final BookFailures failures;
  private final Clock clock;

  AnalyzerProcessor(
      ImageIntake intake,
      RequestCheck check,
      VisionAnalyst analyst,
      AnalyzerCalls calls,
      AnalyzerMetrics metrics,
      BookFailures failures,
      Clock clock) {
    super(calls.ledger);
    this.intake = intake;
    this.check = check;
    this.analyst = analyst;
    this.calls = calls;
    this.metrics = metrics;
    this.failures = failures;
    this.clock = clock;
    onKeyed(ImageSubmitted.class, this::start);
  }

  /** The output key: the value's bookId, cut to {@link #MAX_ANSWER_KEY}; else the record key. */
  @Override
  protected String keyOf(Record<String, ImageSubmitted> record) {
    return bookIdOf(record);
  }

  @Override
  protected void withoutValue(String bookId) {
    fail(
        bookId,
        Stage.SUBMIT,
        FailureReason.INVALID_REQUEST,
        "The record has a key but no value. Submit an ImageSubmitted value.");
  }

  /** Checks the request and takes the image in; asks for the download or the analysis. */
  private void start(String bookId, ImageSubmitted request) {
    Optional<String> problems = check.problems(request);
    if (problems.isPresent()) {
      fail(bookId, Stage.SUBMIT, FailureReason.INVALID_REQUEST, problems.get());
      return;
    }
    AnalyzerCalls.Book book = AnalyzerCalls.Book.of(bookId, request);
    ImageRef image = request.getImage();
    if (image.getUri() != null && image.getData() == null) {
      pending()
          .issue(
              bookId,
              AnalyzerCalls.ImageDownload.ID,
              calls.download,
              new AnalyzerCalls.ImageDownload(book, image.getContentType(), image.getUri()),
              clock.millis());
      return;
    }
    takenIn(book, intake.intake(image));
  }

  /** An image in hand, or refused: the first vision call, or the book's failure. */
  private void takenIn(AnalyzerCalls.Book book, IntakeResult intook) {
    if (intook instanceof IntakeResult.Refused refused) {
      fail(book.bookId(), Stage.ANALYZE, refused.reason(), refused.message());
      return;
    }
    ModelImage image = ((IntakeResult.Ready) intook).image();
    metrics.accepted(image);
    ask(new AnalyzerCalls.VisionCall(book, analyst.firstRequest(image), 1, Usage.NONE));
  }

  private void ask(AnalyzerCalls.VisionCall call) {
    pending().issue(call.book().bookId(), call.id(), calls.vision, call, clock.millis());
  }

  /** A call is back, on this task's thread. */
  @Override
  protected void answered(Finished<?, ?> finished) {
    if (finished.is(calls.download)) {
      Finished<AnalyzerCalls.ImageDownload, IntakeResult> download = finished.as(calls.download);
      switch (download) {
        case Finished.Failed<AnalyzerCalls.ImageDownload, IntakeResult> failed ->
            throw failed.failure();
        case Finished.Answered<AnalyzerCalls.ImageDownload, IntakeResult> image ->
            takenIn(download.request().book(), image.answer());
      }
      return;
    }
    Finished<AnalyzerCalls.VisionCall, ModelAnswer> vision = finished.as(calls.vision);
    AnalyzerCalls.VisionCall call = vision.request();
    Duration elapsed = Duration.ofMillis(Math.max(0, clock.millis() - vision.issuedAt()));
    ModelAnswer answer;
    switch (vision) {
      case Finished.Answered<AnalyzerCalls.VisionCall, ModelAnswer> seen -> answer = seen.answer();
      case Finished.Failed<AnalyzerCalls.VisionCall, ModelAnswer> failed -> {
        if (!(failed.failure() instanceof ModelException e)) {
          throw failed.failure();
        }
        outcome(call.book(), analyst.failed(e, call.spent()), elapsed);
        return;
      }
    }
    Usage spent = call.spent().plus(answer.usage());
    switch (analyst.next(call.request(), call.attempt(), answer, spent)) {
      case VisionAnalyst.Repair repair ->
          ask(
              new AnalyzerCalls.VisionCall(
                  call.book(), repair.request(), call.attempt() + 1, spent));
      case VisionAnalyst.Done done -> outcome(call.book(), done.outcome(), elapsed);
    }
  }

  private void outcome(AnalyzerCalls.Book book, VisionOutcome outcome, Duration elapsed) {
    switch (outcome) {
      case VisionOutcome.Analysed analysed -> {
        metrics.vision(elapsed, "ok", analysed.usage());
        metrics.image("ok");
        context()
            .forward(
                new Record<>(book.bookId(), ready(book, analysed), clock.millis()),
                AnalyzerService.READY_SINK);
      }
      case VisionOutcome.Failed failure -> {
        metrics.vision(elapsed, failure.reason().name(), failure.usage());
        fail(book.bookId(), Stage.ANALYZE, failure.reason(), failure.message());
      }
    }
  }

  /** A bug of ours while handling a book: that book fails, the line goes on. */
  @Override
  protected void bug(String bookId, ImageSubmitted request, RuntimeException e) {
    fail(bookId, Stage.ANALYZE, FailureReason.INTERNAL_ERROR, internalError(bookId, e));
  }

  private void fail(String bookId, Stage stage, FailureReason reason, String message) {
    metrics.image(reason.name());
    BookFailed failed = failures.failed(bookId, stage, reason, message, null, 1, clock.instant());
    context().forward(new Record<>(bookId, failed, clock.millis()), AnalyzerService.FAILED_SINK);
  }

  private static AnalysisReady ready(AnalyzerCalls.Book book, VisionOutcome.Analysed analysed) {
    return AnalysisReady.newBuilder()
        .setBookId(book.bookId())
        .setSubmittedAt(Instant.ofEpochMilli(book.submittedAt()))
        .setTitle(book.title())
        .setChapterCount(book.chapterCount())
        .setArcLength(book.arcLength())
        .setWordsPerChapter(book.wordsPerChapter())
        .setRequestedBy(book.requestedBy())
        .setLanguage(book.language())
        .setReviewPlan(book.reviewPlan())
        .setAnalysis(analysed.analysis())
        .setModel(analysed.model())
        .setUsage(analysed.usage().toEvent())
        .build();
  }

  private static String bookIdOf(Record<String, ImageSubmitted> record) {
    String key = record.key() == null ? "" : record.key();
    ImageSubmitted value = record.value();
    String id;
    if (value == null || value.getBookId() == null || value.getBookId().isBlank()) {
      id = key;
    } else {
      id = value.getBookId();
      if (!key.equals(id)) {
        LOG.warn(
            "Record key '{}' differs from bookId '{}'; using the bookId", forLog(key), forLog(id));
      }
    }
    if (id.length() > MAX_ANSWER_KEY) {
      LOG.warn(
          "The bookId is {} chars long; answering under its first {}: '{}'",
          id.length(),
          MAX_ANSWER_KEY,
          forLog(id));
      int end = MAX_ANSWER_KEY;
      if (Character.isHighSurrogate(id.charAt(end - 1))) {
        end--; // never half a character: it would not encode as UTF-8
      }
      return id.substring(0, end);
    }
    return id;
  }
}
