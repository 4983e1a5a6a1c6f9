package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookCompleted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.registry.TestSchemaRegistry;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole line with {@code serde.format=registry} against a registry that answers as Confluent's
 * does: a book is written end to end, every event on every topic is in the registry wire format
 * under its topic's subject, and the finished book reads back as a Confluent consumer reads it (the
 * writer schema fetched by the id in the record).
 */
class RegistryLineIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");

  @TempDir static Path dir;

  private static OllamaTestServer ollama;
  private static TestSchemaRegistry registry;
  private static FablestreamApp app;

  @BeforeAll
  static void start() throws InterruptedException {
    ollama =
        OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT).respondWith(new StoryOllama());
    registry = TestSchemaRegistry.start();
    Map<String, String> values = LineTestConfig.values(dir.resolve("data"));
    values.put("ollama.host", ollama.uri().toString());
    values.put("serde.format", "registry");
    values.put("schema.registry.url", registry.url().toString());
    app =
        FablestreamApp.start(
            Config.of(values),
            FablestreamApp.Options.line(true),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    ollama.close();
    registry.close();
    EventSerdes.useDefault();
  }

  @Test
  void aBookIsWrittenEndToEndWithEveryEventInTheRegistryWireFormat() throws Exception {
    String bookId = BookSubmitter.newBookId();
    ChelseaBook.submit(
        app.kafka(), bookId, new BookRequest(2, 2, 60, "Chelsea in the Registry"), "registry-it");

    List<ConsumerRecord<String, byte[]>> records = readUntilCompleted(app, bookId);

    assertThat(records)
        .extracting(ConsumerRecord::topic)
        .contains(
            Topics.IMAGES_SUBMITTED.name(),
            Topics.ANALYSIS_READY.name(),
            Topics.CHAPTERS_WRITTEN.name(),
            Topics.CHAPTERS_INDEXED.name(),
            Topics.ARCS_SUMMARIZED.name(),
            Topics.BOOKS_COMPLETED.name());
    for (ConsumerRecord<String, byte[]> record : records) {
      int id = ByteBuffer.wrap(record.value(), 1, 4).getInt();
      assertThat(record.value()[0]).as(record.topic()).isZero();
      assertThat(id).as(record.topic()).isEqualTo(registry.latestId(record.topic() + "-value"));
    }
    ConsumerRecord<String, byte[]> completed = records.getLast();
    assertThat(completed.topic()).isEqualTo(Topics.BOOKS_COMPLETED.name());
    GenericRecord asConfluentReadsIt = readAsConfluentDoes(completed.value());
    assertThat(asConfluentReadsIt.get("title").toString()).isEqualTo("Chelsea in the Registry");
    assertThat((List<?>) asConfluentReadsIt.get("chapters")).hasSize(2);
    BookCompleted book =
        Topics.BOOKS_COMPLETED
            .valueSerde()
            .deserializer()
            .deserialize(completed.topic(), completed.value());
    assertThat(book.getBookId()).isEqualTo(bookId);
    assertThat(registry.subjects())
        .contains(
            "fablestream.images.submitted-value",
            "fablestream.books.revisions-value",
            "fablestream.books.completed-value",
            "fablestream.books.failed-value");
  }

  /**
   * docs/clients/python: a request produced with confluent-kafka's registry serializer becomes a
   * book, which the registry consumer reads. Skipped where no python3 has confluent_kafka and avro
   * (Debian's python3-confluent-kafka and python3-avro).
   */
  @Test
  void thePythonRegistryProducerAndConsumerOfTheDocsWork() throws Exception {
    String python = pythonWithConfluentKafka();
    Assumptions.assumeTrue(python != null, "no python3 with confluent_kafka and avro");
    String bootstrap = app.kafka().bootstrapServers();

    String submitted =
        run(
            python,
            "registry_submit.py",
            "--bootstrap=" + bootstrap,
            "--registry=" + registry.url(),
            "--chapters=2",
            "--arc-length=2",
            "--words=60",
            "--title=From Python",
            CHELSEA.toAbsolutePath().toString());
    String bookId = submitted.strip();
    String followed =
        run(
            python,
            "registry_follow.py",
            "--bootstrap=" + bootstrap,
            "--registry=" + registry.url(),
            "--book-id=" + bookId,
            "--from-beginning",
            "--timeout=120");

    assertThat(followed).startsWith("COMPLETED " + bookId + " 'From Python': 2 chapters");
  }

  private static String pythonWithConfluentKafka() throws InterruptedException {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import confluent_kafka, avro")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not on this machine; try the next
      }
    }
    return null;
  }

  private static String run(String python, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python, script));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(Path.of("../docs/clients/python").toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as(script).isTrue();
    assertThat(p.exitValue()).as(script + " printed " + out).isZero();
    return out;
  }

  /**
   * The writer schema by the record's id from the registry, then the body: KafkaAvroDeserializer.
   */
  private static GenericRecord readAsConfluentDoes(byte[] value) throws IOException {
    Schema writer = registry.schema(ByteBuffer.wrap(value, 1, 4).getInt());
    return new GenericDatumReader<GenericRecord>(writer)
        .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
  }

  private static List<ConsumerRecord<String, byte[]>> readUntilCompleted(
      FablestreamApp app, String bookId) {
    Properties props = TopicPolls.fromTheStart(app.kafka().bootstrapServers(), "registry-it");
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Topics.all().stream().map(Topic::name).toList());
      TopicPolls.pollUntil(
          consumer,
          "waiting for the book",
          Duration.ofMinutes(3),
          r -> {
            if (bookId.equals(r.key())) {
              seen.add(r);
            }
          },
          () -> {
            assertThat(seen.stream().map(ConsumerRecord::topic))
                .as("the book failed")
                .doesNotContain(Topics.BOOKS_FAILED.name());
            return seen.stream().anyMatch(r -> r.topic().equals(Topics.BOOKS_COMPLETED.name()));
          });
    }
    return seen;
  }
}
