package io.fablestream.bench;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The book requests a bench run puts on the line, as any producer would. */
final class BenchRequests {
  private BenchRequests() {}

  /** A producer for fablestream.images.submitted: acks from every replica, sent at once. */
  static KafkaProducer<String, ImageSubmitted> producer(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(
        props,
        Topics.IMAGES_SUBMITTED.keySerde().serializer(),
        Topics.IMAGES_SUBMITTED.valueSerde().serializer());
  }

  /**
   * A request for a book of this shape, on the bench picture of this number ({@link BenchImage}).
   *
   * @param title the book's title, or null for the writer to choose
   */
  static ProducerRecord<String, ImageSubmitted> request(
      String bookId, int picture, String title, BookShape shape) {
    ImageSubmitted event =
        ImageSubmitted.newBuilder()
            .setBookId(bookId)
            .setSubmittedAt(Instant.now())
            .setImage(
                ImageRef.newBuilder()
                    .setContentType("image/png")
                    .setData(ByteBuffer.wrap(BenchImage.png(picture)))
                    .setUri(null)
                    .build())
            .setTitle(title)
            .setChapterCount(shape.chapters())
            .setArcLength(shape.arcLength())
            .setWordsPerChapter(shape.wordsPerChapter())
            .setRequestedBy("bench")
            .build();
    return new ProducerRecord<>(Topics.IMAGES_SUBMITTED.name(), bookId, event);
  }
}
