package io.fablestream.bench;

import io.fablestream.app.BookRequest;
import io.fablestream.app.BookSubmitter;
import io.fablestream.app.ImageInput;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The clients a bench run uses as any outside producer and consumer would: the book requests it
 * puts on the line, and the consumers that watch what the line writes.
 */
final class BenchClients {
  private BenchClients() {}

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
        BookSubmitter.request(
            bookId,
            Instant.now(),
            new ImageInput(BenchImage.png(picture), "image/png"),
            new BookRequest(shape.chapters(), shape.arcLength(), shape.wordsPerChapter(), title),
            "bench");
    return new ProducerRecord<>(Topics.IMAGES_SUBMITTED.name(), bookId, event);
  }

  /**
   * A consumer of committed records only, in a group of its own (the prefix and a random suffix),
   * subscribed to these topics; values stay bytes for the caller to read with the topic's serde.
   *
   * @param offsetReset where a new group starts: {@code earliest} or {@code latest}
   * @param extra settings over these, e.g. a shorter {@code fetch.max.wait.ms}
   */
  static KafkaConsumer<String, byte[]> consumer(
      String bootstrap,
      String groupPrefix,
      String offsetReset,
      List<String> topics,
      Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(extra);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(topics);
    return consumer;
  }

  /** A consumed record's value, read with its topic's serde. */
  static <V extends SpecificRecord> V value(Topic<V> topic, ConsumerRecord<String, byte[]> record) {
    return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
  }
}
