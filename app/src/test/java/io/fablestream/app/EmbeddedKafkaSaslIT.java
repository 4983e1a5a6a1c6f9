package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.service.TopicInitializer;
import io.fablestream.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's security settings pass through {@code KAFKA_*}: against the embedded broker's SASL/PLAIN
 * listener, a client configured only by {@code KAFKA_SECURITY_PROTOCOL}, {@code
 * KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG} submits and reads a book request; a
 * wrong password is refused, and so is a client without SASL settings.
 */
class EmbeddedKafkaSaslIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};

  @TempDir Path dataDir;

  private static Map<String, String> saslEnv(String bootstrap, String user, String password) {
    return Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM", "PLAIN",
        "KAFKA_SASL_JAAS_CONFIG",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";",
        "FABLESTREAM_START_TIMEOUT", "8s");
  }

  @Test
  void clientWithKafkaSaslSettingsWorksAndClientsWithoutThemAreRefused() throws Exception {
    EmbeddedKafkaSettings settings =
        EmbeddedKafkaSettings.from(
            Config.of(
                Map.of(
                    "data.dir", dataDir.toString(),
                    "embedded.kafka.port", Integer.toString(FreePorts.next()),
                    "embedded.kafka.controller.port", Integer.toString(FreePorts.next()),
                    "embedded.kafka.sasl.port", Integer.toString(FreePorts.next()),
                    "embedded.kafka.sasl.users", "alice=alice-pw;bob=bob-pw")));
    try (EmbeddedKafka broker = EmbeddedKafka.start(settings, TIMEOUT)) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        TopicInitializer.ensure(
            admin,
            List.of(Topics.IMAGES_SUBMITTED.name()),
            KafkaSettings.from(
                Config.of(
                    Map.of(
                        "kafka.bootstrap.servers",
                        broker.bootstrapServers(),
                        "topics.partitions",
                        "1",
                        "data.dir",
                        dataDir.toString()))));
      }
      String sasl = settings.saslBootstrapServers();

      // Given a client configured by KAFKA_* environment variables alone
      KafkaSettings alice =
          KafkaSettings.from(Config.load(null, saslEnv(sasl, "alice", "alice-pw")));
      try (BookSubmitter submitter = new BookSubmitter(alice, Clock.systemUTC())) {
        submitter.submit(
            "book-sasl",
            ImageInput.of(PNG, 1024, "picture"),
            new BookRequest(1, 1, 50, "Logged In"),
            "alice");
      }
      // Then it reads what it wrote over the same listener
      List<ImageSubmitted> seen = read(alice);
      assertThat(seen).extracting(ImageSubmitted::getBookId).containsExactly("book-sasl");
      assertThat(seen.get(0).getTitle()).isEqualTo("Logged In");

      // And a wrong password is refused
      KafkaSettings mallory =
          KafkaSettings.from(Config.load(null, saslEnv(sasl, "alice", "guess")));
      try (BookSubmitter submitter = new BookSubmitter(mallory, Clock.systemUTC())) {
        assertThatThrownBy(
                () ->
                    submitter.submit(
                        "book-2", ImageInput.of(PNG, 1024, "picture"), BookRequest.DEFAULTS, "x"))
            .isInstanceOf(BookSubmitter.SubmitException.class)
            .hasRootCauseInstanceOf(SaslAuthenticationException.class);
      }

      // And a client without SASL settings gets nowhere on that listener
      KafkaSettings anonymous =
          KafkaSettings.from(
              Config.load(
                  null,
                  Map.of("KAFKA_BOOTSTRAP_SERVERS", sasl, "FABLESTREAM_START_TIMEOUT", "5s")));
      try (BookSubmitter submitter = new BookSubmitter(anonymous, Clock.systemUTC())) {
        assertThatThrownBy(
                () ->
                    submitter.submit(
                        "book-3", ImageInput.of(PNG, 1024, "picture"), BookRequest.DEFAULTS, "x"))
            .isInstanceOf(BookSubmitter.SubmitException.class);
      }
      assertThat(read(alice)).hasSize(1);
    }
  }

  private static List<ImageSubmitted> read(KafkaSettings kafka) {
    Properties props = new Properties();
    props.putAll(KafkaClients.properties(kafka, ConsumerConfig.configNames()));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ImageSubmitted> seen = new ArrayList<>();
    try (KafkaConsumer<String, ImageSubmitted> consumer =
        new KafkaConsumer<>(
            props,
            Topics.IMAGES_SUBMITTED.keySerde().deserializer(),
            Topics.IMAGES_SUBMITTED.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.IMAGES_SUBMITTED.name()));
      TopicPolls.pollUntil(
          consumer,
          "the request read back",
          TIMEOUT,
          r -> seen.add(r.value()),
          () -> !seen.isEmpty());
      consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
    }
    return seen;
  }
}
