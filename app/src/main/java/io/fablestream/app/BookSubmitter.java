package io.fablestream.app;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Puts a picture (or the pictures of an album, in order) on {@code fablestream.images.submitted} as
 * an ImageSubmitted with the bytes inline, keyed by a fresh bookId, and waits for the broker's
 * acknowledgement.
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
    submit(bookId, List.of(image), request, requestedBy);
  }

  /**
   * Submits the pictures of one story, in order (the first is the request's image, the others its
   * album), and returns once the broker has them.
   *
   * @throws SubmitException when the broker does not take them
   */
  public void submit(
      String bookId, List<ImageInput> pictures, BookRequest request, String requestedBy) {
    ImageSubmitted event = request(bookId, clock.instant(), pictures, request, requestedBy);
    producer.send(
        bookId,
        event,
        pictures.size() == 1 ? "submitting the picture" : "submitting the pictures",
        pictures.size() == 1 ? "the picture" : "the pictures",
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
    return request(bookId, submittedAt, List.of(image), request, requestedBy);
  }

  /**
   * The request for a book from these pictures, in order, as the line reads it: the first as the
   * image, the others as its album, every one's bytes inline.
   */
  public static ImageSubmitted request(
      String bookId,
      Instant submittedAt,
      List<ImageInput> pictures,
      BookRequest request,
      String requestedBy) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(submittedAt)
        .setImage(inline(pictures.getFirst()))
        .setAlbum(pictures.subList(1, pictures.size()).stream().map(BookSubmitter::inline).toList())
        .setTitle(request.title())
        .setChapterCount(request.chapters())
        .setArcLength(request.arcLength())
        .setWordsPerChapter(request.words())
        .setLanguage(request.language())
        .setReviewPlan(request.reviewPlan())
        .setRequestedBy(requestedBy)
        .build();
  }

  private static ImageRef inline(ImageInput image) {
    return ImageRef.newBuilder()
        .setContentType(image.contentType())
        .setData(ByteBuffer.wrap(image.data()))
        .setUri(null)
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
