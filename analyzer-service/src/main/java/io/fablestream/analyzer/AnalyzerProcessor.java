package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageAnalysis;
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
import io.fablestream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
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
 * <p>An album (ImageSubmitted.album) is analysed one vision call per picture, side by side: the
 * answers gather in the {@link AlbumProgress} store until every picture has one, then one
 * AnalysisReady carries them in order with their merge. Any picture that fails fails the book, with
 * a code of its own and the picture's place in the message.
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
  private final int maxPictures;
  private KeyValueStore<String, AlbumProgress> albums;

  AnalyzerProcessor(
      ImageIntake intake,
      RequestCheck check,
      VisionAnalyst analyst,
      AnalyzerCalls calls,
      AnalyzerMetrics metrics,
      BookFailures failures,
      Clock clock,
      int maxPictures) {
    super(calls.ledger);
    this.intake = intake;
    this.check = check;
    this.analyst = analyst;
    this.calls = calls;
    this.metrics = metrics;
    this.failures = failures;
    this.clock = clock;
    this.maxPictures = maxPictures;
    onKeyed(ImageSubmitted.class, this::start);
  }

  @Override
  protected void opened(ProcessorContext<String, SpecificRecord> processorContext) {
    this.albums = processorContext.getStateStore(AnalyzerService.ALBUMS_STORE);
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
    List<ImageRef> pictures = AlbumChecks.pictures(request);
    if (pictures.size() > 1) {
      startAlbum(book, pictures);
      return;
    }
    ImageRef image = request.getImage();
    if (image.getUri() != null && image.getData() == null) {
      AnalyzerCalls.ImageDownload download =
          new AnalyzerCalls.ImageDownload(book, image.getContentType(), image.getUri(), 1, 1);
      pending().issue(bookId, download.id(), calls.download, download, clock.millis());
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
    ask(AnalyzerCalls.VisionCall.first(book, analyst.firstRequest(image), 1, 1));
  }

  /**
   * An album: refused as a whole when it has more pictures than {@code album.max.pictures} or than
   * the book has chapters (every picture must seed a chapter); otherwise every picture is taken in
   * (inline now, a URI downloaded off the thread), and each one ready goes to the vision model at
   * once, so the pictures are analysed side by side on the model lane.
   */
  private void startAlbum(AnalyzerCalls.Book book, List<ImageRef> pictures) {
    String bookId = book.bookId();
    int n = pictures.size();
    Optional<IntakeResult.Refused> refused =
        AlbumChecks.refused(n, book.chapterCount(), maxPictures);
    if (refused.isPresent()) {
      fail(bookId, Stage.SUBMIT, refused.get().reason(), refused.get().message());
      return;
    }
    if (albums.get(bookId) != null) {
      LOG.warn(
          "Book {}: its album is being analysed already; ignoring the request", forLog(bookId));
      return;
    }
    albums.put(bookId, AlbumProgress.started(n));
    for (int k = 1; k <= n && albums.get(bookId) != null; k++) {
      ImageRef picture = pictures.get(k - 1);
      if (picture.getUri() != null && picture.getData() == null) {
        AnalyzerCalls.ImageDownload download =
            new AnalyzerCalls.ImageDownload(book, picture.getContentType(), picture.getUri(), k, n);
        pending().issue(bookId, download.id(), calls.download, download, clock.millis());
      } else {
        // A picture that fails the book ends the loop: the ones after it are not read.
        pictureTakenIn(book, k, n, intake.intake(picture));
      }
    }
  }

  /**
   * Picture k of an album in hand, or refused. A refused picture fails the book (a story silently
   * missing a picture is not what was asked), and so does a picture given twice; a good one goes to
   * the vision model.
   */
  private void pictureTakenIn(AnalyzerCalls.Book book, int k, int n, IntakeResult intook) {
    AlbumProgress album = albums.get(book.bookId());
    if (album == null) {
      return; // the book failed already
    }
    if (intook instanceof IntakeResult.Refused refused) {
      failAlbum(book.bookId(), AlbumChecks.picture(k, n, refused));
      return;
    }
    ModelImage image = ((IntakeResult.Ready) intook).image();
    String digest = AlbumChecks.digest(image);
    Optional<Integer> same = album.sameAs(digest);
    if (same.isPresent()) {
      failAlbum(book.bookId(), AlbumChecks.duplicate(k, n, same.get()));
      return;
    }
    albums.put(book.bookId(), album.withDigest(k, digest));
    metrics.accepted(image);
    ask(AnalyzerCalls.VisionCall.first(book, analyst.firstRequest(image), k, n));
  }

  private void ask(AnalyzerCalls.VisionCall call) {
    pending().issue(call.book().bookId(), call.id(), calls.vision, call, clock.millis());
  }

  /** A call is back, on this task's thread. */
  @Override
  protected void answered(Finished<?, ?> finished) {
    if (finished.is(calls.download)) {
      Finished<AnalyzerCalls.ImageDownload, IntakeResult> download = finished.as(calls.download);
      AnalyzerCalls.ImageDownload asked = download.request();
      switch (download) {
        case Finished.Failed<AnalyzerCalls.ImageDownload, IntakeResult> failed ->
            throw failed.failure();
        case Finished.Answered<AnalyzerCalls.ImageDownload, IntakeResult> image -> {
          if (asked.inAlbum()) {
            pictureTakenIn(asked.book(), asked.picture(), asked.pictures(), image.answer());
          } else {
            takenIn(asked.book(), image.answer());
          }
        }
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
        outcome(call, analyst.failed(e, call.spent()), elapsed);
        return;
      }
    }
    Usage spent = call.spent().plus(answer.usage());
    switch (analyst.next(call.request(), call.attempt(), answer, spent)) {
      case VisionAnalyst.Repair repair -> ask(call.repaired(repair.request(), spent));
      case VisionAnalyst.Done done -> outcome(call, done.outcome(), elapsed);
    }
  }

  private void outcome(AnalyzerCalls.VisionCall call, VisionOutcome outcome, Duration elapsed) {
    AnalyzerCalls.Book book = call.book();
    if (call.inAlbum()) {
      pictureOutcome(call, outcome, elapsed);
      return;
    }
    switch (outcome) {
      case VisionOutcome.Analysed analysed -> {
        metrics.vision(elapsed, "ok", analysed.usage());
        metrics.image("ok");
        forward(
            Topics.ANALYSIS_READY,
            book.bookId(),
            ready(book, analysed.analysis(), List.of(), analysed.model(), analysed.usage()),
            clock.millis());
      }
      case VisionOutcome.Failed failure -> {
        metrics.vision(elapsed, failure.reason().name(), failure.usage());
        fail(book.bookId(), Stage.ANALYZE, failure.reason(), failure.message());
      }
    }
  }

  /**
   * One picture of an album analysed, or not: once every picture is, the album's AnalysisReady goes
   * out with each picture's analysis in order and the merged one ({@link AlbumMerge}); a picture
   * the model could not analyse fails the book.
   */
  private void pictureOutcome(
      AnalyzerCalls.VisionCall call, VisionOutcome outcome, Duration elapsed) {
    AnalyzerCalls.Book book = call.book();
    AlbumProgress album = albums.get(book.bookId());
    if (album == null) {
      return; // the book failed already
    }
    switch (outcome) {
      case VisionOutcome.Analysed analysed -> {
        metrics.vision(elapsed, "ok", analysed.usage());
        AlbumProgress next =
            album.withAnalysis(
                call.picture(), analysed.analysis(), analysed.model(), analysed.usage());
        if (!next.complete()) {
          albums.put(book.bookId(), next);
          return;
        }
        albums.delete(book.bookId());
        metrics.image("ok");
        List<ImageAnalysis> pictures = next.inOrder();
        forward(
            Topics.ANALYSIS_READY,
            book.bookId(),
            ready(book, AlbumMerge.merged(pictures), pictures, next.model(), next.spent()),
            clock.millis());
      }
      case VisionOutcome.Failed failure -> {
        metrics.vision(elapsed, failure.reason().name(), failure.usage());
        failAlbum(
            book.bookId(),
            new IntakeResult.Refused(
                failure.reason(),
                AlbumChecks.placed(call.picture(), call.pictures(), failure.message())));
      }
    }
  }

  /** A bug of ours while handling a book: that book fails, the line goes on. */
  @Override
  protected void bug(String bookId, ImageSubmitted request, RuntimeException e) {
    if (bookId != null && albums.get(bookId) != null) {
      albums.delete(bookId);
      pending().cancelAll(bookId);
    }
    fail(bookId, Stage.ANALYZE, FailureReason.INTERNAL_ERROR, internalError(bookId, e));
  }

  /** An album's book fails: what it holds is dropped, its other pictures' calls cancelled. */
  private void failAlbum(String bookId, IntakeResult.Refused refused) {
    albums.delete(bookId);
    pending().cancelAll(bookId);
    fail(bookId, Stage.ANALYZE, refused.reason(), refused.message());
  }

  private void fail(String bookId, Stage stage, FailureReason reason, String message) {
    metrics.image(reason.name());
    BookFailed failed = failures.failed(bookId, stage, reason, message, null, 1, clock.instant());
    forward(Topics.BOOKS_FAILED, bookId, failed, clock.millis());
  }

  private static AnalysisReady ready(
      AnalyzerCalls.Book book,
      ImageAnalysis analysis,
      List<ImageAnalysis> pictures,
      String model,
      Usage usage) {
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
        .setAnalysis(analysis)
        .setPictures(pictures)
        .setModel(model)
        .setUsage(usage.toEvent())
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
