package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.analyzer.AnalyzerService;
import io.fablestream.chapter.ChapterService;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.indexer.IndexerService;
import io.fablestream.platform.config.Config;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.SummarizerService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records on the real embedded broker: on every input topic of every service (the API's read
 * model included), bytes that are not our Avro, Avro single-object bytes with a fingerprint no
 * schema has, and the schema-registry wire format on a line without a registry. Each lands on the
 * dead-letter topic of every service that reads that topic, key and value unchanged, the error in
 * the headers Kafka Streams writes; and a book submitted after the poison still completes.
 *
 * <p>TopologyTestDriver does not route dead-letter records, so only a real broker shows this.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PoisonRecordIT {
  private static final int PARTITIONS = 2;
  private static final Duration WAIT = Duration.ofMinutes(3);

  /** What each service reads, as its topology declares it. */
  private static final Map<String, List<Topic<?>>> INPUTS = inputs();

  private static final byte[] NOT_AVRO =
      "{\"bookId\": \"b-1\", \"note\": \"JSON is not our wire format\"}"
          .getBytes(StandardCharsets.UTF_8);

  /** The single-object header with a fingerprint no published schema has, then a body. */
  private static final byte[] UNKNOWN_FINGERPRINT =
      ByteBuffer.allocate(2 + 8 + 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .put((byte) 0xC3)
          .put((byte) 0x01)
          .putLong(0x0123456789ABCDEFL)
          .put(new byte[] {2, 'h', 'i', 0})
          .array();

  /**
   * The schema-registry wire format's header (byte 0, schema id 42) on a line that has no registry
   * to look the id up in.
   */
  private static final byte[] REGISTRY_FRAMED = {0, 0, 0, 0, 42, 2, 'h', 'i', 0};

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = StoryOllamaExtension.eachTest();

  private static Map<String, List<Topic<?>>> inputs() {
    Map<String, List<Topic<?>>> inputs = new LinkedHashMap<>();
    inputs.put(AnalyzerService.NAME, List.of(Topics.IMAGES_SUBMITTED));
    inputs.put(
        IndexerService.NAME,
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_WRITTEN,
            Topics.BOOKS_COMPLETED,
            Topics.BOOKS_FAILED));
    inputs.put(
        ChapterService.NAME,
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_INDEXED,
            Topics.ARCS_SUMMARIZED,
            Topics.BOOKS_FAILED,
            Topics.BOOKS_REVISIONS,
            Topics.BOOKS_PLANNED));
    inputs.put(
        SummarizerService.NAME,
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_WRITTEN,
            Topics.BOOKS_COMPLETED,
            Topics.BOOKS_FAILED));
    // The API's read model folds every event topic.
    inputs.put(new BookViewService(view -> {}).name(), Topics.all());
    return inputs;
  }

  @Test
  void poisonOnEveryInputTopicGoesToEachReadersDeadLetterTopicAndTheNextBookStillCompletes()
      throws Exception {
    Map<String, String> values = models.lineSettings(dir.resolve("data"));
    values.put("topics.partitions", Integer.toString(PARTITIONS));
    values.put("ollama.retry.backoff", "100ms");

    try (FablestreamApp app =
        FablestreamApp.start(Config.of(values), FablestreamApp.Options.line(true), System.out)) {
      String bootstrap = app.kafka().bootstrapServers();

      // Given poison on every partition of every event topic, so whichever partition the book
      // lands on, its first record comes after a poison record in each service's task.
      List<Poison> poisons = new ArrayList<>();
      try (KafkaProducer<String, byte[]> producer = TestProducer.raw(bootstrap)) {
        for (Topic<?> topic : Topics.all()) {
          for (int partition = 0; partition < PARTITIONS; partition++) {
            poisons.add(Poison.send(producer, topic, partition, "not-avro", NOT_AVRO));
            poisons.add(
                Poison.send(
                    producer, topic, partition, "unknown-fingerprint", UNKNOWN_FINGERPRINT));
            poisons.add(
                Poison.send(producer, topic, partition, "registry-framed", REGISTRY_FRAMED));
          }
        }
        producer.flush();
      }

      // When a book is submitted after the poison
      String bookId = UUID.randomUUID().toString();
      ChelseaBook.submit(
          app.kafka(), bookId, new BookRequest(2, 1, 60, "After the Poison"), "poison-it");

      // Then it completes, with every chapter: every service went on past the poison
      BookCompleted book = awaitCompleted(bootstrap, bookId);
      assertThat(book.getChapters()).extracting(BookChapter::getNumber).containsExactly(1, 2);
      assertThat(book.getSummaries()).hasSize(2);

      // And each service's dead-letter topic holds each poison record of its inputs, once,
      // unchanged, with the error in the headers.
      for (Map.Entry<String, List<Topic<?>>> service : INPUTS.entrySet()) {
        List<Poison> expected =
            poisons.stream()
                .filter(p -> service.getValue().stream().anyMatch(t -> t.name().equals(p.topic())))
                .toList();
        List<ConsumerRecord<String, byte[]>> dead =
            readDeadLetters(bootstrap, Topics.deadLetter(service.getKey()), expected.size());

        assertThat(dead).as("%s's dead letters", service.getKey()).hasSize(expected.size());
        for (Poison poison : expected) {
          List<ConsumerRecord<String, byte[]>> matching =
              dead.stream().filter(r -> poison.key().equals(r.key())).toList();
          assertThat(matching).as("%s: %s", service.getKey(), poison.key()).hasSize(1);
          ConsumerRecord<String, byte[]> record = matching.get(0);
          assertThat(record.value()).isEqualTo(poison.value());
          assertThat(header(record, "__streams.errors.topic")).isEqualTo(poison.topic());
          assertThat(header(record, "__streams.errors.partition"))
              .isEqualTo(Integer.toString(poison.partition()));
          assertThat(header(record, "__streams.errors.offset")).isNotBlank();
          assertThat(header(record, "__streams.errors.exception"))
              .isEqualTo("org.apache.kafka.common.errors.SerializationException");
          assertThat(header(record, "__streams.errors.message"))
              .contains("Cannot read a record on topic " + poison.topic())
              .contains(
                  switch (poison.kind()) {
                    case "not-avro" -> "not Avro single-object encoded";
                    case "registry-framed" -> "schema id 42";
                    default -> "unknown schema fingerprint";
                  });
          assertThat(header(record, "__streams.errors.stacktrace"))
              .contains(
                  poison.kind().equals("registry-framed") ? "RegistrySerde" : "SingleObjectSerde");
        }
      }
    }
  }

  /** One poison record as it was produced. */
  private record Poison(String topic, int partition, String kind, String key, byte[] value) {
    static Poison send(
        KafkaProducer<String, byte[]> producer,
        Topic<?> topic,
        int partition,
        String kind,
        byte[] value)
        throws Exception {
      String key = "poison-" + kind + "-" + topic.name() + "-" + partition;
      producer.send(new ProducerRecord<>(topic.name(), partition, key, value)).get();
      return new Poison(topic.name(), partition, kind, key, value);
    }
  }

  private static Properties consumerProps(String bootstrap) {
    return TopicPolls.fromTheStart(bootstrap, "poison-it");
  }

  private static BookCompleted awaitCompleted(String bootstrap, String bookId) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.BOOKS_COMPLETED.name()));
      List<BookCompleted> completed = new ArrayList<>();
      TopicPolls.pollUntil(
          consumer,
          "book " + bookId + " completes",
          WAIT,
          r -> {
            if (bookId.equals(r.key())) {
              completed.add(
                  Topics.BOOKS_COMPLETED
                      .valueSerde()
                      .deserializer()
                      .deserialize(r.topic(), r.value()));
            }
          },
          () -> !completed.isEmpty());
      return completed.get(0);
    }
  }

  /** Reads the dead-letter topic until it holds {@code expected} records, then a moment more. */
  private static List<ConsumerRecord<String, byte[]>> readDeadLetters(
      String bootstrap, String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      TopicPolls.pollUntil(
          consumer,
          expected + " records on " + topic,
          WAIT,
          seen::add,
          () -> seen.size() >= expected);
      // Whatever else is committed, so a duplicate would be counted.
      consumer.poll(Duration.ofSeconds(1)).forEach(seen::add);
    }
    return seen;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
