package io.fablestream.app;

import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topics;
import java.time.Clock;
import java.util.Map;

/**
 * Puts a revision request on {@code fablestream.books.revisions} as a BookRevisionRequested keyed
 * by its bookId, and waits for the broker's acknowledgement. chapter-service takes it or refuses it
 * with a BookFailed {@code INVALID_REVISION} (docs/revisions.md).
 */
public final class RevisionSubmitter implements AutoCloseable {
  private final AcknowledgedProducer<BookRevisionRequested> producer;
  private final AcknowledgedProducer<BookPlanned> plans;
  private final Clock clock;

  public RevisionSubmitter(KafkaSettings kafka, Clock clock) {
    EventWire.requireWritable(java.util.List.of(Topics.BOOKS_REVISIONS, Topics.BOOKS_PLANNED));
    this.plans =
        new AcknowledgedProducer<>(kafka, Topics.BOOKS_PLANNED, "fablestream-plans", Map.of());
    this.producer =
        new AcknowledgedProducer<>(
            kafka, Topics.BOOKS_REVISIONS, "fablestream-revisions", Map.of());
    this.clock = clock;
  }

  /**
   * Puts a plan a person approved on {@code fablestream.books.planned} and returns once the broker
   * has it; chapter-service writes the held book from it.
   *
   * @throws BookSubmitter.SubmitException when the broker does not take it
   */
  public void approvePlan(BookPlanned plan) {
    plans.send(plan.getBookId(), plan, "approving the plan", "the plan", "");
  }

  /**
   * Asks for revision {@code revision} of the book and returns once the broker has the request.
   *
   * @throws BookSubmitter.SubmitException when the broker does not take it
   */
  public void submit(String bookId, int revision, RevisionRequest request) {
    BookRevisionRequested event =
        BookRevisionRequested.newBuilder()
            .setBookId(bookId)
            .setRevision(revision)
            .setFromChapter(request.fromChapter())
            .setText(request.text())
            .setInstruction(request.instruction())
            .setBeats(request.beats())
            .setRequestedBy(request.requestedBy())
            .setRequestedAt(clock.instant())
            .build();
    producer.send(bookId, event, "asking for the revision", "the revision", "");
  }

  @Override
  public void close() {
    producer.close();
    plans.close();
  }
}
