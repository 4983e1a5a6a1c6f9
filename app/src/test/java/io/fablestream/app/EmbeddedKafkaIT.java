package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.service.TopicInitializer;
import io.fablestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
