package io.fablestream.chapter;

import io.fablestream.events.BookQuality;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** chapter-service's meters, each tagged {@code service=chapter}. */
final class ChapterMetrics {
  private static final String SERVICE = "service";

  private final MeterRegistry registry;
  private final String service;
  private final Timer chapterDuration;
  private final DistributionSummary attempts;
  private final Counter booksCompleted;
  private final Timer bookDuration;
  private final DistributionSummary bookTokens;
  private final QualityMetrics quality;

  ChapterMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    this.chapterDuration =
        Timer.builder("fablestream.chapter.duration")
            .description("Time to write and validate one chapter, every attempt included")
            .tag(SERVICE, service)
            .publishPercentileHistogram()
            .register(registry);
    this.attempts =
        DistributionSummary.builder("fablestream.chapter.attempts")
            .description("Attempts per published chapter (1 when the first draft passed)")
            .tag(SERVICE, service)
            .register(registry);
    this.booksCompleted =
        Counter.builder("fablestream.books.completed")
            .description("Books published complete")
            .tag(SERVICE, service)
            .register(registry);
    this.bookDuration =
        Timer.builder("fablestream.book.duration")
            .description("Wall time from ImageSubmitted to BookCompleted")
            .tag(SERVICE, service)
            .publishPercentileHistogram()
            .register(registry);
    this.bookTokens =
        DistributionSummary.builder("fablestream.book.tokens")
            .description("Prompt and output tokens per completed book")
            .baseUnit("tokens")
            .tag(SERVICE, service)
            .register(registry);
    this.quality = new QualityMetrics(registry, service);
    // Every check's counter exists from the start (at 0): a failure is rare, and a dashboard
    // that queries a series nobody has incremented yet would point at nothing.
    for (Check check : Check.values()) {
      validationFailures(check);
    }
  }

  void chapterWritten(Duration took, int attemptCount, boolean passed) {
    Counter.builder("fablestream.chapters.written")
        .description("Chapters published")
        .tag(SERVICE, service)
        .tag("passed", String.valueOf(passed))
        .register(registry)
        .increment();
    chapterDuration.record(took);
    attempts.record(attemptCount);
  }

  void validationFailure(Check check) {
    validationFailures(check).increment();
  }

  private Counter validationFailures(Check check) {
    return Counter.builder("fablestream.validation.failures")
        .description("Chapter attempts that failed a validation check, by check")
        .tag(SERVICE, service)
        .tag("reason", check.tag())
        .register(registry);
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
