package io.fablestream.app;

import io.fablestream.events.BookCompleted;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What is committed on the line's outcome topics right now: each partition read with {@code
 * read_committed} from its start to its last stable offset, by a consumer in no group. Records of
 * aborted transactions are never seen; a record of a transaction still open is not yet seen.
 */
final class CommittedLog {
  private static final List<Topic<?>> READ =
      List.of(
          Topics.CHAPTERS_WRITTEN,
          Topics.ARCS_SUMMARIZED,
          Topics.BOOKS_COMPLETED,
          Topics.BOOKS_FAILED,
          Topics.BOOKS_PLANNED);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, List<byte[]>> values;
  private final int deadLetters;

  private CommittedLog(Map<String, List<byte[]>> values, int deadLetters) {
    this.values = values;
    this.deadLetters = deadLetters;
  }

  /**
   * Waits for the first BookCompleted that {@code wanted} accepts to be committed, and returns it;
   * fails at once if any book fails, and after {@code atMost} if none completes.
   */
  static BookCompleted awaitCompleted(
      String bootstrap, Predicate<BookCompleted> wanted, Duration atMost, Duration every) {
    return org.awaitility.Awaitility.await("a BookCompleted")
        .atMost(atMost)
        .pollInterval(every)
        .until(
            () -> {
              CommittedLog log = read(bootstrap);
              org.assertj.core.api.Assertions.assertThat(log.values(Topics.BOOKS_FAILED))
                  .as("books failed")
                  .isEmpty();
              return log.values(Topics.BOOKS_COMPLETED).stream().filter(wanted).findFirst();
            },
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** Reads the event topics the fault test checks, and counts every dead-letter record. */
  static CommittedLog read(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    Map<String, List<byte[]>> values = new HashMap<>();
    java.util.concurrent.atomic.AtomicInteger deadLetters =
        new java.util.concurrent.atomic.AtomicInteger();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<String> topics = new ArrayList<>();
      READ.forEach(t -> topics.add(t.name()));
      for (String service : List.of("analyzer", "indexer", "chapter", "summarizer", "api")) {
        topics.add(Topics.deadLetter(service));
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo p : consumer.partitionsFor(topic, READ_TIMEOUT)) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed, the end offsets are the last stable offsets.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      TopicPolls.pollUntil(
          consumer,
          "the committed log read up to " + end,
          READ_TIMEOUT,
          r -> {
            if (r.topic().endsWith(".dlq")) {
              deadLetters.incrementAndGet();
            } else {
              values.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(r.value());
            }
          },
          () -> reached(consumer, end));
    }
    return new CommittedLog(values, deadLetters.get());
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** What each service's consumer group reads: its topology's input topics. */
  private static final Map<String, List<Topic<?>>> INPUTS =
      Map.of(
          "fablestream-analyzer",
          List.of(Topics.IMAGES_SUBMITTED),
          "fablestream-indexer",
          List.of(
              Topics.ANALYSIS_READY,
              Topics.CHAPTERS_WRITTEN,
              Topics.BOOKS_COMPLETED,
              Topics.BOOKS_FAILED),
          "fablestream-chapter",
          List.of(
              Topics.ANALYSIS_READY,
              Topics.CHAPTERS_INDEXED,
              Topics.ARCS_SUMMARIZED,
              Topics.BOOKS_FAILED,
              Topics.BOOKS_REVISIONS),
          "fablestream-summarizer",
          List.of(
              Topics.ANALYSIS_READY,
              Topics.CHAPTERS_WRITTEN,
              Topics.BOOKS_COMPLETED,
              Topics.BOOKS_FAILED));

  /**
   * Whether the line has nothing left to do: every service has committed past every committed
   * record of its input topics. Then a duplicate the line could still write would already be on the
   * log, so counting now counts it.
   */
  static boolean quiescent(String bootstrap) {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (Admin client = Admin.create(admin);
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (Map.Entry<String, List<Topic<?>>> group : INPUTS.entrySet()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            client
                .listConsumerGroupOffsets(group.getKey())
                .partitionsToOffsetAndMetadata()
                .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> topic : group.getValue()) {
          for (PartitionInfo p : consumer.partitionsFor(topic.name(), READ_TIMEOUT)) {
            partitions.add(new TopicPartition(topic.name(), p.partition()));
          }
        }
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
          OffsetAndMetadata at = committed.get(tp);
          consumer.seek(tp, at == null ? 0 : at.offset());
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        while (!reached(consumer, end)) {
          if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
            return false;
          }
        }
      }
      return true;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The committed values of one topic, in partition order. */
  <V extends SpecificRecord> List<V> values(Topic<V> topic) {
    List<V> decoded = new ArrayList<>();
    for (byte[] bytes : values.getOrDefault(topic.name(), List.of())) {
      decoded.add(topic.valueSerde().deserializer().deserialize(topic.name(), bytes));
    }
    return decoded;
  }

  /** How many records the services' dead-letter topics hold. */
  int deadLetters() {
    return deadLetters;
  }
}
