package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.events.TestChapters;
import io.fablestream.platform.events.TestValidations;
import io.fablestream.platform.service.HealthServer;
import io.fablestream.platform.service.ServiceRunner;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Failures that end, on the real embedded broker (TopologyTestDriver has no producer size limit, no
 * stream threads and no topics): a record too large to produce is dead-lettered and fails its book
 * while the service goes on; a stream thread that dies on every try is replaced a bounded number of
 * times, then the service stops and reports itself unready; a service whose topics disagree on
 * their partition count does not start.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailuresEndIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int PARTITIONS = 2;

  @TempDir static Path dir;
  private static EmbeddedKafka broker;

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafka.start(
            new EmbeddedKafkaSettings(
                true, "localhost", FreePorts.next(), FreePorts.next(), dir.resolve("kafka")),
            Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aChapterTooLargeToProduceIsDeadLetteredItsBookFailsAndTheServiceGoesOn() throws Exception {
    // Given a service that writes a chapter of the requested size, with a 200 KB producer limit
    String requests = "probe.chapter.requests";
    createTopic(requests, PARTITIONS);
    StreamsService writer =
        service("probe-writer", Optional.of(Stage.WRITE), b -> chapterWriter(b, requests));
    Map<String, String> limit = Map.of("kafka.producer.max.request.size", "200000");
    String run = UUID.randomUUID().toString().substring(0, 8);
    String small = "small-" + run;
    String big = "big-" + run;
    String after = "after-" + run;

    try (ServiceRunner runner = runner(writer, limit)) {
      runner.start();
      assertThat(runner.awaitRunning(WAIT)).isTrue();

      // When a book asks for a chapter of 300 KB between two of 1 KB
      send(requests, small, "1000");
      send(requests, big, "300000");
      send(requests, after, "1000");

      // Then the big one is on the dead-letter topic, its key and the error, not its value
      ConsumerRecord<String, byte[]> dead =
          readUntil("fablestream.probe-writer.dlq", r -> big.equals(r.key()), 1).get(0);
      assertThat(dead.value()).isNull();
      assertThat(header(dead, "__streams.errors.exception"))
          .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
      assertThat(header(dead, "__streams.errors.topic")).isEqualTo(requests);
      assertThat(header(dead, "fablestream.errors.target.topic"))
          .isEqualTo(Topics.CHAPTERS_WRITTEN.name());

      // and its book failed, in words a person can act on
      ConsumerRecord<String, byte[]> failedRecord =
          readUntil(Topics.BOOKS_FAILED.name(), r -> big.equals(r.key()), 1).get(0);
      BookFailed failed =
          Topics.BOOKS_FAILED.valueSerde().deserializer().deserialize("t", failedRecord.value());
      assertThat(failed.getBookId()).isEqualTo(big);
      assertThat(failed.getStage()).isEqualTo("WRITE");
      assertThat(failed.getReason()).isEqualTo("INTERNAL_ERROR");
      assertThat(failed.getChapterNumber()).isEqualTo(1);
      assertThat(failed.getMessage())
          .startsWith(
              "The probe-writer service could not write this book's record to"
                  + " fablestream.chapters.written: it is ")
          .contains("ask for a shorter one")
          .endsWith("The operator finds the record and the error on fablestream.probe-writer.dlq.");

      // and the chapters before and after it are written, and it is not
      readUntil(Topics.CHAPTERS_WRITTEN.name(), r -> after.equals(r.key()), 1);
      assertThat(readAll(Topics.CHAPTERS_WRITTEN.name()))
          .extracting(ConsumerRecord::key)
          .filteredOn(key -> key != null && key.endsWith(run))
          .containsExactlyInAnyOrder(small, after);

      // and no stream thread died on the way
      assertThat(runner.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(runner.stoppedBy()).isEmpty();
    }
  }

  @Test
  void aThreadThatDiesOnEveryTryIsReplacedTwiceThenTheServiceStopsUnready() throws Exception {
    // Given a service with a bug that escapes every handler (an Error) on one record, allowed
    // two thread replacements
    String input = "probe.poison";
    createTopic(input, PARTITIONS);
    AtomicInteger tries = new AtomicInteger();
    StreamsService buggy =
        service(
            "probe-buggy",
            Optional.empty(),
            b ->
                b.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("read"))
                    .foreach(
                        (k, v) -> {
                          if ("poison".equals(v)) {
                            tries.incrementAndGet();
                            throw new EscapingBug();
                          }
                        },
                        Named.as("crash")));
    Map<String, String> budget =
        Map.of("streams.thread.replacements", "2", "streams.thread.replacement.window", "10m");

    ListAppender<ILoggingEvent> log = listen("io.fablestream.platform.service.ThreadReplacements");
    try (ServiceRunner runner = runner(buggy, budget);
        HealthServer health =
            HealthServer.start(
                HttpSettings.from(Config.of(Map.of("http.port", "0", "http.bind", "127.0.0.1"))),
                () -> "",
                List.of(runner))) {
      runner.start();
      assertThat(runner.awaitRunning(WAIT)).isTrue();
      assertThat(ready(health).statusCode()).isEqualTo(200);

      // When the poison arrives
      send(input, "book-" + UUID.randomUUID(), "poison");

      // Then the thread dies three times (the first try and two replacements), and the service
      // stops, in ERROR, unready, with the error it stopped for
      // (The dying threads' errors are the test's subject, not its failure.)
      await()
          .dontCatchUncaughtExceptions()
          .atMost(WAIT)
          .until(() -> runner.state() == KafkaStreams.State.ERROR);
      assertThat(tries).hasValue(3);
      assertThat(runner.stoppedBy()).get().matches(e -> causedBy(e, EscapingBug.class));
      HttpResponse<String> unready = ready(health);
      assertThat(unready.statusCode()).isEqualTo(503);
      assertThat(unready.body())
          .isEqualTo("{\"status\":\"DOWN\",\"services\":{\"probe-buggy\":\"ERROR\"}}");

      // and one ERROR line says so, naming the service, the budget and the error
      assertThat(log.list)
          .filteredOn(e -> e.getFormattedMessage().contains("STOPPING"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage())
                    .startsWith(
                        "probe-buggy: STOPPING: a stream thread died again after 2 replacements"
                            + " within PT10M")
                    .contains("/health/ready answers 503")
                    .contains("a bug that no handler catches");
              });
    } finally {
      stopListening("io.fablestream.platform.service.ThreadReplacements", log);
    }
  }

  @Test
  void aServiceWhoseTopicsDisagreeOnTheirPartitionCountRefusesToStartNamingThem() throws Exception {
    // Given a service that joins two topics of 2 and 3 partitions
    StreamsService joiner = merging("probe-joiner", "probe.left", 2, "probe.right", 3);

    // When it starts, it refuses, naming each topic and its count; and it created nothing
    try (ServiceRunner runner = runner(joiner, Map.of())) {
      assertRefusesToStart(runner)
          .hasMessageContaining("The probe-joiner service refuses to start")
          .hasMessageContaining("3 partitions: probe.right; 2 partitions: probe.left");
      assertThat(runner.state()).isEqualTo(KafkaStreams.State.CREATED);
    }
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get()).doesNotContain("fablestream.probe-joiner.dlq");
    }

    // And topics that agree with each other but not with topics.partitions are refused while
    // the line creates its topics, and accepted when an operator manages them
    StreamsService agreeing = merging("probe-agreeing", "probe.up", 3, "probe.down", 3);
    try (ServiceRunner runner = runner(agreeing, Map.of())) {
      assertRefusesToStart(runner)
          .hasMessageContaining("the line creates its topics with 2 (topics.partitions")
          .hasMessageContaining("3 partitions: probe.down, probe.up");
    }
    try (ServiceRunner runner = runner(agreeing, Map.of("topics.create", "false"))) {
      runner.start();
      assertThat(runner.awaitRunning(WAIT)).isTrue();
    }
  }

  /** The runner's start throws the ConfigException a person reads. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefusesToStart(
      ServiceRunner runner) {
    return assertThatThrownBy(runner::start).isInstanceOf(ConfigException.class);
  }

  // The probe services: each a real topology run by the real ServiceRunner.

  /** A probe service that merges two topics it finds with these partition counts. */
  private static StreamsService merging(
      String name, String left, int leftPartitions, String right, int rightPartitions)
      throws Exception {
    createTopic(left, leftPartitions);
    createTopic(right, rightPartitions);
    return service(name, Optional.empty(), b -> merger(b, left, right));
  }

  private static void chapterWriter(StreamsBuilder builder, String requests) {
    KStream<String, ChapterWritten> chapters =
        builder.stream(requests, Consumed.with(Serdes.String(), Serdes.String()).withName("read"))
            .mapValues(
                (bookId, size) -> chapter(bookId, Integer.parseInt(size)),
                Named.as("write-chapter"));
    Topics.CHAPTERS_WRITTEN.to(chapters);
  }

  private static void merger(StreamsBuilder builder, String left, String right) {
    builder.stream(left, Consumed.with(Serdes.String(), Serdes.String()).withName("read-left"))
        .merge(
            builder.stream(
                right, Consumed.with(Serdes.String(), Serdes.String()).withName("read-right")),
            Named.as("merge"))
        .foreach((k, v) -> {}, Named.as("drop"));
  }

  private static ChapterWritten chapter(String bookId, int textLength) {
    return TestChapters.written(bookId, 1, 1, "w".repeat(textLength))
        .setTitle("One")
        .setValidation(TestValidations.passed(1.0))
        .setModel("probe")
        .build();
  }

  private static StreamsService service(
      String name, Optional<Stage> stage, Consumer<StreamsBuilder> build) {
    return new StreamsService() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<Stage> stage() {
        return stage;
      }

      @Override
      public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        build.accept(builder);
        return builder.build();
      }
    };
  }

  private static ServiceRunner runner(StreamsService service, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap.servers", broker.bootstrapServers());
    values.put("data.dir", dir.resolve("data").toString());
    values.put("topics.partitions", Integer.toString(PARTITIONS));
    values.put("streams.threads", "1");
    values.put("start.timeout", "60s");
    values.put("shutdown.timeout", "20s");
    values.put("kafka.commit.interval.ms", "100");
    values.put("kafka.session.timeout.ms", "6000");
    values.putAll(extra);
    return new ServiceRunner(
        service, KafkaSettings.from(Config.of(values)), new SimpleMeterRegistry());
  }

  private static HttpResponse<String> ready(HealthServer health) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/health/ready"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
      // The controller has made it; wait until the broker's metadata lists it too, as a service
      // starting next would read it (a loaded machine showed the gap).
      await().atMost(WAIT).until(() -> admin.listTopics().names().get().contains(name));
    }
  }

  private static void send(String topic, String key, String value) throws Exception {
    TestProducer.sendBytesOnce(
        broker.bootstrapServers(), topic, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the topic from the start, committed records only, until {@code count} match. */
  private static List<ConsumerRecord<String, byte[]>> readUntil(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count) {
    Properties props = TopicPolls.fromTheStart(broker.bootstrapServers(), "failures-end-it");
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      TopicPolls.pollUntil(
          consumer,
          count + " records on " + topic,
          WAIT,
          r -> {
            if (r.key() != null && match.test(r)) {
              seen.add(r);
            }
          },
          () -> seen.size() >= count);
    }
    assertThat(seen).as("records on %s", topic).hasSize(count);
    return seen;
  }

  /** Collects what the named logger writes, from now on. */
  private static ListAppender<ILoggingEvent> listen(String loggerName) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
    return appender;
  }

  private static void stopListening(String loggerName, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    appender.stop();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** A bug that escapes every handler: an Error, which Kafka Streams' handlers do not catch. */
  private static final class EscapingBug extends Error {
    private static final long serialVersionUID = 1L;

    EscapingBug() {
      super("a bug that no handler catches");
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Every committed record of the topic, from the start to its last stable offset. */
  private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      TopicPolls.pollUntil(
          consumer,
          "the end of " + topic,
          WAIT,
          seen::add,
          () -> partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)));
    }
    return seen;
  }
}
