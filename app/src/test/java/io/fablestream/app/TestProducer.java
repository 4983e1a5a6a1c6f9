package io.fablestream.app;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.Topic;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events produced to the line as an outside client produces them: a plain Kafka producer (acks
 * all), the bookId as the key, the value in Avro single-object encoding, records up to 2 MiB so a
 * photo fits inline.
 */
final class TestProducer implements AutoCloseable {
  private static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

  private final KafkaProducer<String, byte[]> producer;

  TestProducer(String bootstrap) {
    this.producer = raw(bootstrap);
  }

  /** A plain producer of bytes as an outside client has one: acks all, records up to 2 MiB. */
  static KafkaProducer<String, byte[]> raw(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            MAX_REQUEST_BYTES),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * Sends these bytes as they are, from a single-use producer, and waits until the broker has them.
   */
  static void sendBytesOnce(String bootstrap, String topic, String key, byte[] value)
      throws InterruptedException, ExecutionException {
    try (KafkaProducer<String, byte[]> producer = raw(bootstrap)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Sends one event keyed by {@code key} and waits until the broker has it. */
  <V extends SpecificRecord> void send(Topic<V> topic, String key, V value)
      throws InterruptedException, ExecutionException {
    producer
        .send(
            new ProducerRecord<>(
                topic.name(), key, topic.valueSerde().serializer().serialize(null, value)))
        .get();
  }

  /** Sends one event to the broker from a single-use producer. */
  static <V extends SpecificRecord> void sendOnce(
      String bootstrap, Topic<V> topic, String key, V value)
      throws InterruptedException, ExecutionException {
    try (TestProducer producer = new TestProducer(bootstrap)) {
      producer.send(topic, key, value);
    }
  }

  /**
   * A request for a book from a PNG picture sent inline, submitted now; the rest is the caller's.
   */
  static ImageSubmitted.Builder pngRequest(String bookId, byte[] png) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(Instant.now())
        .setImage(
            ImageRef.newBuilder()
                .setContentType("image/png")
                .setData(ByteBuffer.wrap(png))
                .build());
  }

  @Override
  public void close() {
    producer.close();
  }
}
