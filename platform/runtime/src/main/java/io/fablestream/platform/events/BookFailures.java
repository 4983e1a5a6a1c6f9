package io.fablestream.platform.events;

import io.fablestream.events.BookFailed;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;

/**
 * How a service fails a book: the BookFailed event, and the count every service keeps of the books
 * it failed, {@code fablestream.books.failed} tagged {@code service}, {@code reason} and {@code
 * stage}, so one query sees every failure of the line. One place for both, so no service builds one
 * without the other.
 */
public final class BookFailures {
  private final MeterRegistry registry;
  private final String service;

  /**
   * @param service the failing service's name, the {@code service} tag
   */
  public BookFailures(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  /**
   * Registers the count of one kind of failure at 0, so a dashboard finds the series before the
   * first failure of that kind.
   */
  public BookFailures expect(Stage stage, FailureReason reason) {
    counter(stage, reason);
    return this;
  }

  /**
   * The event that fails a book, counted.
   *
   * @param chapter the chapter being worked on, or null
   * @param revision the revision that failed (1 for a book's first writing)
   * @param message what happened and what a person should do
   */
  public BookFailed failed(
      String bookId,
      Stage stage,
      FailureReason reason,
      String message,
      Integer chapter,
      int revision,
      Instant at) {
    counter(stage, reason).increment();
    return BookFailed.newBuilder()
        .setBookId(bookId)
        .setStage(stage.name())
        .setReason(reason.name())
        .setMessage(message)
        .setChapterNumber(chapter)
        .setFailedAt(at)
        .setRevision(revision)
        .build();
  }

  private Counter counter(Stage stage, FailureReason reason) {
    return Counter.builder("fablestream.books.failed")
        .description("Books this service failed, by reason and stage")
        .tag("service", service)
        .tag("reason", reason.name())
        .tag("stage", stage.name())
        .register(registry);
  }
}
