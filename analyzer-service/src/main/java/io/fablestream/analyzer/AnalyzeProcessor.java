package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ImageSubmitted in, exactly one event out: AnalysisReady, or BookFailed with the reason. The
 * request is checked first, then the image is taken in, then the vision model is asked. Nothing
 * about the input can stop the line: bad input is a BookFailed, and even a bug (an unexpected
 * exception) becomes a BookFailed {@code INTERNAL_ERROR} for this book only.
 *
 * <p>The output key is the value's bookId; when the record key differs, the value wins (it is what
 * the rest of the line reads) and the mismatch is logged. A request without a bookId fails under
 * its record key, so the producer can still find the answer. A bookId over {@link
 * RequestCheck#MAX_BOOK_ID} characters is refused, but still answered under itself, so the producer
 * finds the answer; only an absurd one (over {@link #MAX_ANSWER_KEY} characters) is answered under
 * its first {@code MAX_ANSWER_KEY} characters, because the BookFailed carries the id twice (key and
 * value) and must stay well under Kafka's record size limit, or it could not be written at all.
 */
final class AnalyzeProcessor implements Processor<String, ImageSubmitted, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeProcessor.class);

  /** The longest id an answer is keyed by, in chars: 16 Ki, at most 48 KB of UTF-8. */
  static final int MAX_ANSWER_KEY = 16_384;

  /** How much of an id a log line shows. */
  private static final int LOGGED_ID = 100;

  private final ImageIntake intake;
  private final VisionAnalyst analyst;
  private final AnalyzerMetrics metrics;
  private final Clock clock;
  private ProcessorContext<String, SpecificRecord> context;

  AnalyzeProcessor(
      ImageIntake intake, VisionAnalyst analyst, AnalyzerMetrics metrics, Clock clock) {
    this.intake = intake;
    this.analyst = analyst;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ImageSubmitted> record) {
    String bookId = bookIdOf(record);
    SpecificRecord out;
    try {
      out = analyze(bookId, record.value());
    } catch (RuntimeException e) {
      LOG.error("Analyzing book {} failed unexpectedly", forLog(bookId), e);
      out =
          failed(
              bookId,
              Stage.ANALYZE,
              FailureReason.INTERNAL_ERROR,
              "The analyzer failed unexpectedly ("
                  + e
                  + "). This is a bug: report it with the bookId; submitting again may work.");
    }
    metrics.image(out instanceof BookFailed f ? f.getReason() : "ok");
    context.forward(record.withKey(bookId).withValue(out));
  }

  private SpecificRecord analyze(String bookId, ImageSubmitted request) {
    if (request == null) {
      return failed(
          bookId,
          Stage.SUBMIT,
          FailureReason.INVALID_REQUEST,
          "The record has a key but no value. Submit an ImageSubmitted value.");
    }
    Optional<String> problems = RequestCheck.problems(request);
    if (problems.isPresent()) {
      return failed(bookId, Stage.SUBMIT, FailureReason.INVALID_REQUEST, problems.get());
    }
    IntakeResult intook = intake.intake(request.getImage());
    if (intook instanceof IntakeResult.Refused refused) {
      return failed(bookId, Stage.ANALYZE, refused.reason(), refused.message());
    }
    ModelImage image = ((IntakeResult.Ready) intook).image();
    metrics.accepted(image);
    long start = System.nanoTime();
    VisionOutcome outcome = analyst.analyse(image);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return switch (outcome) {
      case VisionOutcome.Analysed analysed -> {
        metrics.vision(elapsed, "ok", analysed.usage());
        yield ready(request, analysed);
      }
      case VisionOutcome.Failed failure -> {
        metrics.vision(elapsed, failure.reason().name(), failure.usage());
        yield failed(bookId, Stage.ANALYZE, failure.reason(), failure.message());
      }
    };
  }

  private static AnalysisReady ready(ImageSubmitted request, VisionOutcome.Analysed analysed) {
    return AnalysisReady.newBuilder()
        .setBookId(request.getBookId())
        .setSubmittedAt(request.getSubmittedAt())
        .setTitle(request.getTitle())
        .setChapterCount(request.getChapterCount())
        .setArcLength(request.getArcLength())
        .setWordsPerChapter(request.getWordsPerChapter())
        .setRequestedBy(request.getRequestedBy())
        .setAnalysis(analysed.analysis())
        .setModel(analysed.model())
        .setUsage(analysed.usage().toEvent())
        .build();
  }

  private BookFailed failed(String bookId, Stage stage, FailureReason reason, String message) {
    return BookFailed.newBuilder()
        .setBookId(bookId)
        .setStage(stage.name())
        .setReason(reason.name())
        .setMessage(message)
        .setChapterNumber(null)
        .setFailedAt(clock.instant())
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

  /** An id as a log line shows it: cut short, control characters escaped (no forged lines). */
  private static String forLog(String id) {
    String cut = id.length() <= LOGGED_ID ? id : id.substring(0, LOGGED_ID) + "...";
    StringBuilder out = new StringBuilder(cut.length());
    cut.chars()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }
}
