package io.fablestream.app;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Puts a picture on {@code fablestream.images.submitted} as an ImageSubmitted with the bytes
 * inline, keyed by a fresh bookId, and waits for the broker's acknowledgement.
 */
public final class BookSubmitter implements AutoCloseable {
  /** Inline images reach 20 MB and more; the default 1 MB request would refuse them. */
  static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  private final KafkaProducer<String, ImageSubmitted> producer;
  private final Clock clock;
  private final Duration timeout;

  public BookSubmitter(KafkaSettings kafka, Clock clock) {
    EventWire.requireWritable(java.util.List.of(Topics.IMAGES_SUBMITTED));
    Map<String, Object> props = producerProperties(kafka, "fablestream-submitter");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    this.producer =
        new KafkaProducer<>(
            props,
            Topics.IMAGES_SUBMITTED.keySerde().serializer(),
            Topics.IMAGES_SUBMITTED.valueSerde().serializer());
    this.clock = clock;
    this.timeout = kafka.startTimeout().plusSeconds(30);
  }

  /**
   * A producer's settings for the line's requests: acks from every replica, idempotent, and
   * timeouts that follow {@code start.timeout}.
   */
  static Map<String, Object> producerProperties(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = KafkaClients.properties(kafka, ProducerConfig.configNames());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, kafka.startTimeout().toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 30_000));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    return props;
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
    ImageSubmitted event =
        ImageSubmitted.newBuilder()
            .setBookId(bookId)
            .setSubmittedAt(clock.instant())
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
    try {
      producer
          .send(new ProducerRecord<>(Topics.IMAGES_SUBMITTED.name(), bookId, event))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitException("Interrupted while submitting the picture", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SubmitException(
          "Kafka did not take the picture on "
              + Topics.IMAGES_SUBMITTED.name()
              + ": "
              + cause.getMessage()
              + " Is the line running there ('fablestream serve'), or does KAFKA_BOOTSTRAP_SERVERS"
              + " name the cluster it runs on?",
          cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** The broker did not take a submission. */
  public static final class SubmitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubmitException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
