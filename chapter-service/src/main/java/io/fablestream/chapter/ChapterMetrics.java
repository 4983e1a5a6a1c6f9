package io.fablestream.chapter;

import io.fablestream.events.BookQuality;
import io.fablestream.platform.service.ServiceMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** chapter-service's meters, each tagged {@code service=chapter}. */
final class ChapterMetrics {
  private final ServiceMeters meters;
  private final Timer chapterDuration;
  private final DistributionSummary attempts;
  private final Counter booksCompleted;
  private final Timer bookDuration;
  private final DistributionSummary bookTokens;
  private final QualityMetrics quality;

  ChapterMetrics(ServiceMeters meters) {
    this.meters = meters;
    this.chapterDuration =
        meters.timer(
            "fablestream.chapter.duration",
            "Time to write and validate one chapter, every attempt included");
    this.attempts =
        meters.summary(
            "fablestream.chapter.attempts",
            "Attempts per published chapter (1 when the first draft passed)");
    this.booksCompleted = meters.counter("fablestream.books.completed", "Books published complete");
    this.bookDuration =
        meters.timer("fablestream.book.duration", "Wall time from ImageSubmitted to BookCompleted");
    this.bookTokens =
        meters.summary(
            "fablestream.book.tokens", "Prompt and output tokens per completed book", "tokens");
    this.quality = new QualityMetrics(meters.registry(), meters.service());
    // Every check's counter exists from the start (at 0): a failure is rare, and a dashboard
    // that queries a series nobody has incremented yet would point at nothing.
    for (Check check : Check.values()) {
      validationFailures(check);
    }
  }

  void chapterWritten(Duration took, int attemptCount, boolean passed) {
    meters
        .counter(
            "fablestream.chapters.written", "Chapters published", "passed", String.valueOf(passed))
        .increment();
    chapterDuration.record(took);
    attempts.record(attemptCount);
  }

  void validationFailure(Check check) {
    validationFailures(check).increment();
  }

  private Counter validationFailures(Check check) {
    return meters.counter(
        "fablestream.validation.failures",
        "Chapter attempts that failed a validation check, by check",
        "reason",
        check.tag());
  }

  void bookCompleted(Duration wallTime, long tokens) {
    booksCompleted.increment();
    bookDuration.record(wallTime);
    bookTokens.record(tokens);
  }

  /** The finished book's quality figures into their histograms. */
  void bookMeasured(BookQuality figures) {
    quality.record(figures);
  }
}
