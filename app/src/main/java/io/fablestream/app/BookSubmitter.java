package io.fablestream.app;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Puts a picture on {@code fablestream.images.submitted} as an ImageSubmitted with the bytes
 * inline, keyed by a fresh bookId, and waits for the broker's acknowledgement.
 */
public final class BookSubmitter implements AutoCloseable {
  /** Inline images reach 20 MB and more; the default 1 MB request would refuse them. */
  static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  private final AcknowledgedProducer<ImageSubmitted> producer;
  private final Clock clock;

  public BookSubmitter(KafkaSettings kafka, Clock clock) {
    EventWire.requireWritable(java.util.List.of(Topics.IMAGES_SUBMITTED));
    this.producer =
        new AcknowledgedProducer<>(
            kafka,
            Topics.IMAGES_SUBMITTED,
            "fablestream-submitter",
            Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES));
    this.clock = clock;
  }

  /** A new book id. */
  public static String newBookId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Submits one picture and returns once the broker has it.
   *
   * @throws SubmitException when the broker does not take it
   */
  public void submit(String bookId, ImageInput image, BookRequest request, String requestedBy) {
    ImageSubmitted event = request(bookId, clock.instant(), image, request, requestedBy);
    producer.send(
        bookId,
        event,
        "submitting the picture",
        "the picture",
        " Is the line running there ('fablestream serve'), or does KAFKA_BOOTSTRAP_SERVERS"
            + " name the cluster it runs on?");
  }

  /** The request for a book from this picture, as the line reads it: the bytes inline. */
  public static ImageSubmitted request(
      String bookId,
      Instant submittedAt,
      ImageInput image,
      BookRequest request,
      String requestedBy) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(submittedAt)
        .setImage(
            ImageRef.newBuilder()
                .setContentType(image.contentType())
                .setData(ByteBuffer.wrap(image.data()))
                .setUri(null)
                .build())
        .setTitle(request.title())
        .setChapterCount(request.chapters())
        .setArcLength(request.arcLength())
        .setWordsPerChapter(request.words())
        .setLanguage(request.language())
        .setReviewPlan(request.reviewPlan())
        .setRequestedBy(requestedBy)
        .build();
  }

  @Override
  public void close() {
    producer.close();
  }

  /** The broker did not take a submission. */
  public static final class SubmitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubmitException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
