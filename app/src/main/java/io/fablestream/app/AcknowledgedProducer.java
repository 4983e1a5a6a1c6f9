package io.fablestream.app;

import io.fablestream.app.BookSubmitter.SubmitException;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * One topic's producer for the line's requests, whose {@link #send} returns once the broker has the
 * record: acks from every replica, idempotent, and timeouts that follow {@code start.timeout}.
 *
 * @param <V> the topic's event type
 */
final class AcknowledgedProducer<V extends SpecificRecord> implements AutoCloseable {
  private final Topic<V> topic;
  private final KafkaProducer<String, V> producer;
  private final Duration timeout;

  /**
   * @param clientId the producer's {@code client.id}
   * @param extra settings over the line's, e.g. a larger {@code max.request.size}
   */
  AcknowledgedProducer(
      KafkaSettings kafka, Topic<V> topic, String clientId, Map<String, Object> extra) {
    Map<String, Object> props = KafkaClients.properties(kafka, ProducerConfig.configNames());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, kafka.startTimeout().toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 30_000));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    props.putAll(extra);
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    this.timeout = kafka.startTimeout().plusSeconds(30);
  }

  /**
   * Sends one record and returns once the broker has it.
   *
   * @param doing what the caller does, for the message of an interrupt ("submitting the picture")
   * @param what what the record is, for the message of a refusal ("the picture")
   * @param fix what to check, appended to the message of a refusal ("" for nothing)
   * @throws SubmitException when the broker does not take it
   */
  void send(String key, V value, String doing, String what, String fix) {
    try {
      producer
          .send(new ProducerRecord<>(topic.name(), key, value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitException("Interrupted while " + doing, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SubmitException(
          "Kafka did not take " + what + " on " + topic.name() + ": " + cause.getMessage() + fix,
          cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
