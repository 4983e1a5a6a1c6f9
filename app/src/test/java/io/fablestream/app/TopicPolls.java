package io.fablestream.app;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reading a topic in a test until what was read is enough, within Awaitility's time limit. */
final class TopicPolls {
  private TopicPolls() {}

  /**
   * A consumer's settings to read topics from their start, committed records only, in a group of
   * its own named after {@code reader}.
   */
  static Properties fromTheStart(String bootstrap, String reader) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, reader + "-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /**
   * Polls the consumer, handing each record to {@code each}, until {@code enough} holds; fails with
   * {@code what} when it does not within {@code atMost}. The consumer is polled on the calling
   * thread only, as a KafkaConsumer wants, and its own poll is the wait between two checks.
   */
  static <K, V> void pollUntil(
      KafkaConsumer<K, V> consumer,
      String what,
      Duration atMost,
      Consumer<ConsumerRecord<K, V>> each,
      BooleanSupplier enough) {
    await(what)
        .atMost(atMost)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              if (enough.getAsBoolean()) {
                return true;
              }
              consumer.poll(Duration.ofMillis(250)).forEach(each);
              return enough.getAsBoolean();
            });
  }

  /**
   * The values of the records {@code keep} takes, polled as {@link #pollUntil} does until they are
   * {@code enough}.
   */
  static <K, V> List<V> valuesUntil(
      KafkaConsumer<K, V> consumer,
      String what,
      Duration atMost,
      Predicate<ConsumerRecord<K, V>> keep,
      Predicate<List<V>> enough) {
    List<V> kept = new ArrayList<>();
    pollUntil(
        consumer,
        what,
        atMost,
        r -> {
          if (keep.test(r)) {
            kept.add(r.value());
          }
        },
        () -> enough.test(kept));
    return kept;
  }
}
