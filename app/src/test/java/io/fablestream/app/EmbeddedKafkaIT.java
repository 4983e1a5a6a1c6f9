package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.service.TopicInitializer;
import io.fablestream.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  private EmbeddedKafkaSettings settings() {
    return new EmbeddedKafkaSettings(
        true, "localhost", FreePorts.next(), FreePorts.next(), dataDir.resolve("kafka"));
  }

  private KafkaSettings kafka(String bootstrap) {
    return KafkaSettings.from(
        Config.of(
            Map.of(
                "kafka.bootstrap.servers",
                bootstrap,
                "topics.partitions",
                "2",
                "data.dir",
                dataDir.toString())));
  }

  @Test
  void brokerCreatesTheLineTopicsAndKeepsThemAcrossARestartOnTheSameDirectory() throws Exception {
    EmbeddedKafkaSettings settings = settings();
    List<String> line = TopicInitializer.lineTopics(List.of("analyzer"));

    try (EmbeddedKafka broker = EmbeddedKafka.start(settings, TIMEOUT);
        Admin admin = admin(broker.bootstrapServers())) {
      List<String> created = TopicInitializer.ensure(admin, line, kafka(broker.bootstrapServers()));
      assertThat(created).containsExactlyInAnyOrderElementsOf(line);
    }

    try (EmbeddedKafka broker = EmbeddedKafka.start(settings, TIMEOUT);
        Admin admin = admin(broker.bootstrapServers())) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).containsAll(line);
      TopicDescription submitted =
          admin
              .describeTopics(List.of(Topics.IMAGES_SUBMITTED.name()))
              .allTopicNames()
              .get()
              .get(Topics.IMAGES_SUBMITTED.name());
      assertThat(submitted.partitions()).hasSize(2);
      assertThat(TopicInitializer.ensure(admin, line, kafka(broker.bootstrapServers()))).isEmpty();
    }
  }

  @Test
  void outsideClientRoundTripsAnImageSubmittedAsPlainBytes() throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(settings(), TIMEOUT);
        Admin admin = admin(broker.bootstrapServers())) {
      TopicInitializer.ensure(
          admin, List.of(Topics.IMAGES_SUBMITTED.name()), kafka(broker.bootstrapServers()));
      ImageSubmitted request =
          ImageSubmitted.newBuilder()
              .setBookId("book-1")
              .setSubmittedAt(Instant.parse("2026-11-23T10:00:00Z"))
              .setImage(
                  ImageRef.newBuilder()
                      .setContentType("image/png")
                      .setData(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                      .build())
              .setTitle("A cat")
              .build();
      byte[] wire = Topics.IMAGES_SUBMITTED.valueSerde().serializer().serialize("t", request);

      // An outside client knows nothing of Fablestream's classes: bytes in, bytes out.
      TestProducer.sendBytesOnce(
          broker.bootstrapServers(), Topics.IMAGES_SUBMITTED.name(), "book-1", wire);
      List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
      Properties consumerProps = TopicPolls.fromTheStart(broker.bootstrapServers(), "outside");
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(Topics.IMAGES_SUBMITTED.name()));
        TopicPolls.pollUntil(
            consumer, "the request read back", TIMEOUT, seen::add, () -> !seen.isEmpty());
      }

      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).key()).isEqualTo("book-1");
      assertThat(
              Topics.IMAGES_SUBMITTED
                  .valueSerde()
                  .deserializer()
                  .deserialize("t", seen.get(0).value()))
          .isEqualTo(request);
    }
  }

  /**
   * After a crash the restarted broker must not act on its dead incarnation's registration: it
   * would lead every partition until the controller fences that incarnation, then lose them all,
   * and a transaction marker it sends in between is dropped for good (KraftNode). An operator sees
   * the difference in the broker's log: the registration refused, and the transaction coordinators
   * resigning while the broker starts.
   */
  @Test
  void aBrokerStartedOnWhatACrashLeftRegistersOnceAndLeadsItsCoordinatorsOnce() throws Exception {
    // Given the data directory as a SIGKILL leaves it: copied while the broker runs, so the last
    // registration in its metadata is unfenced and no clean shutdown is marked
    EmbeddedKafkaSettings running = settings();
    Path crashed = dataDir.resolve("crashed");
    try (EmbeddedKafka broker = EmbeddedKafka.start(running, TIMEOUT);
        Admin admin = admin(broker.bootstrapServers())) {
      TopicInitializer.ensure(
          admin, List.of(Topics.IMAGES_SUBMITTED.name()), kafka(broker.bootstrapServers()));
      copy(running.dataDir(), crashed);
    }

    // When a broker starts on it, its registration and coordinator logs heard at INFO
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    List<Logger> loggers =
        Stream.of(
                "org.apache.kafka.server.BrokerLifecycleManager",
                "kafka.coordinator.transaction.TransactionCoordinator")
            .map(name -> (Logger) LoggerFactory.getLogger(name))
            .toList();
    List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
    logs.start();
    loggers.forEach(
        logger -> {
          logger.setLevel(Level.INFO);
          logger.addAppender(logs);
        });
    try (EmbeddedKafka broker =
            EmbeddedKafka.start(
                new EmbeddedKafkaSettings(
                    true, "localhost", FreePorts.next(), FreePorts.next(), crashed),
                TIMEOUT);
        Admin admin = admin(broker.bootstrapServers())) {
      // Then it has its topics, its registration was taken at once, and no coordinator it loaded
      // was taken from it again while it started
      assertThat(admin.listTopics().names().get()).contains(Topics.IMAGES_SUBMITTED.name());
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).noneMatch(line -> line.contains("DUPLICATE_BROKER_REGISTRATION"));
      assertThat(lines).noneMatch(line -> line.contains("Resigned as the txn coordinator"));
    } finally {
      for (int i = 0; i < loggers.size(); i++) {
        loggers.get(i).detachAppender(logs);
        loggers.get(i).setLevel(levels.get(i));
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          file -> {
            try {
              Path target = to.resolve(from.relativize(file).toString());
              if (Files.isDirectory(file)) {
                Files.createDirectories(target);
              } else {
                Files.copy(file, target);
              }
            } catch (java.nio.file.NoSuchFileException e) {
              // a file the running broker removed meanwhile: a crash would not have it either
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
