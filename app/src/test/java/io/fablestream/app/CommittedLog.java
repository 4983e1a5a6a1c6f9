package io.fablestream.app;

import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
          Topics.BOOKS_FAILED);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, List<byte[]>> values;
  private final int deadLetters;

  private CommittedLog(Map<String, List<byte[]>> values, int deadLetters) {
    this.values = values;
    this.deadLetters = deadLetters;
  }

  /** Reads the event topics the fault test checks, and counts every dead-letter record. */
  static CommittedLog read(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    Map<String, List<byte[]>> values = new HashMap<>();
    int deadLetters = 0;
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
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read the committed log up to " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().endsWith(".dlq")) {
            deadLetters++;
          } else {
            values.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(r.value());
          }
        }
      }
    }
    return new CommittedLog(values, deadLetters);
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
