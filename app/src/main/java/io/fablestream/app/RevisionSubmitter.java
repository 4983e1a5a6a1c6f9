package io.fablestream.app;

import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Puts a revision request on {@code fablestream.books.revisions} as a BookRevisionRequested keyed
 * by its bookId, and waits for the broker's acknowledgement. chapter-service takes it or refuses it
 * with a BookFailed {@code INVALID_REVISION} (docs/revisions.md).
 */
public final class RevisionSubmitter implements AutoCloseable {
  private final KafkaProducer<String, BookRevisionRequested> producer;
  private final KafkaProducer<String, BookPlanned> plans;
  private final Clock clock;
  private final Duration timeout;

  public RevisionSubmitter(KafkaSettings kafka, Clock clock) {
    EventWire.requireWritable(java.util.List.of(Topics.BOOKS_REVISIONS, Topics.BOOKS_PLANNED));
    this.plans =
        new KafkaProducer<>(
            BookSubmitter.producerProperties(kafka, "fablestream-plans"),
            Topics.BOOKS_PLANNED.keySerde().serializer(),
            Topics.BOOKS_PLANNED.valueSerde().serializer());
    this.producer =
        new KafkaProducer<>(
            BookSubmitter.producerProperties(kafka, "fablestream-revisions"),
            Topics.BOOKS_REVISIONS.keySerde().serializer(),
            Topics.BOOKS_REVISIONS.valueSerde().serializer());
    this.clock = clock;
    this.timeout = kafka.startTimeout().plusSeconds(30);
  }

  /**
   * Puts a plan a person approved on {@code fablestream.books.planned} and returns once the broker
   * has it; chapter-service writes the held book from it.
   *
   * @throws BookSubmitter.SubmitException when the broker does not take it
   */
  public void approvePlan(BookPlanned plan) {
    try {
      plans
          .send(new ProducerRecord<>(Topics.BOOKS_PLANNED.name(), plan.getBookId(), plan))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BookSubmitter.SubmitException("Interrupted while approving the plan", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new BookSubmitter.SubmitException(
          "Kafka did not take the plan on "
              + Topics.BOOKS_PLANNED.name()
              + ": "
              + cause.getMessage(),
          cause);
    }
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
            .setRequestedBy(request.requestedBy())
            .setRequestedAt(clock.instant())
            .build();
    try {
      producer
          .send(new ProducerRecord<>(Topics.BOOKS_REVISIONS.name(), bookId, event))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BookSubmitter.SubmitException("Interrupted while asking for the revision", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new BookSubmitter.SubmitException(
          "Kafka did not take the revision on "
              + Topics.BOOKS_REVISIONS.name()
              + ": "
              + cause.getMessage(),
          cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    plans.close(Duration.ofSeconds(5));
  }
}
