package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ChapterIndexed;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shared defaults make of a service: the clients Kafka Streams builds from them are
 * exactly-once (transactional producers that wait for every replica, consumers that read only
 * committed records), and a record that cannot be read, or whose processing fails, is passed by
 * while the next one goes through.
 */
class StreamsDefaultsTest {
  private static final String COPIES = "copies";

  /** A service that copies chapters.indexed to {@link #COPIES}, but fails on 0 chunks. */
  private static final StreamsService SERVICE =
      new StreamsService() {
        @Override
        public String name() {
          return "analyzer";
        }

        @Override
        public Topology topology() {
          StreamsBuilder builder = new StreamsBuilder();
          Topics.CHAPTERS_INDEXED.stream(builder)
              .mapValues(
                  indexed -> {
                    if (indexed.getChunkCount() == 0) {
                      throw new IllegalStateException("a bug on this record only");
                    }
                    return indexed;
                  },
                  Named.as("copy-or-throw"))
              .to(COPIES, Topics.CHAPTERS_INDEXED.produced("write-copies"));
          return builder.build();
        }

        @Override
        public Map<String, Object> streamsOverrides() {
          return Map.of("consumer.max.poll.records", 50, "num.stream.threads", 3);
        }
      };

  private static Properties defaults(Map<String, String> config) {
    return StreamsDefaults.properties(SERVICE, KafkaSettings.from(Config.of(config)));
  }

  @Test
  void theClientsKafkaStreamsBuildAreExactlyOnceAndTheStateLivesUnderTheDataDirectory() {
    StreamsConfig config =
        new StreamsConfig(
            defaults(Map.of("kafka.bootstrap.servers", "broker:9092", "data.dir", "/var/fs")));

    Map<String, Object> consumer = config.getMainConsumerConfigs("group", "client", 0);
    Map<String, Object> producer = config.getProducerConfigs("client");

    assertThat(consumer).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    assertThat(producer)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG))
        .isEqualTo("fablestream-analyzer");
    assertThat(config.getString(StreamsConfig.STATE_DIR_CONFIG))
        .isEqualTo("/var/fs/state/analyzer");
    assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
        .isEqualTo(Topics.deadLetter("analyzer"));
    assertThat(config.getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbMemory.class);
    assertThat(config.originals())
        .containsEntry(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, Long.toString(64L * 1024 * 1024));
  }

  @Test
  void aRecordThatCannotBeReadOrWhoseProcessingFailsIsPassedByAndTheNextGoesThrough() {
    Properties props = defaults(Map.of("kafka.bootstrap.servers", "unused:9092"));
    props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/defaults");
    try (TopologyTestDriver driver = new TopologyTestDriver(SERVICE.topology(), props)) {
      TestInputTopic<String, ChapterIndexed> indexed =
          driver.createInputTopic(
              Topics.CHAPTERS_INDEXED.name(),
              new StringSerializer(),
              Topics.CHAPTERS_INDEXED.valueSerde().serializer());
      TestOutputTopic<String, ChapterIndexed> copies =
          driver.createOutputTopic(
              COPIES,
              Topics.CHAPTERS_INDEXED.keySerde().deserializer(),
              Topics.CHAPTERS_INDEXED.valueSerde().deserializer());

      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(
              Topics.CHAPTERS_INDEXED.name(),
              new StringSerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer());

      raw.pipeInput("b-0", "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      indexed.pipeInput("b-1", new ChapterIndexed("b-1", 1, 0, 1, List.of()));
      indexed.pipeInput("b-2", new ChapterIndexed("b-2", 1, 3, 1, List.of()));

      assertThat(copies.readValuesToList())
          .extracting(ChapterIndexed::getBookId)
          .containsExactly("b-2");
    }
  }

  @Test
  void serviceOverridesApplyAndKafkaEnvironmentKeysWinOverEverything() {
    KafkaSettings kafka =
        KafkaSettings.from(
            Config.load(
                null,
                Map.of(
                    "KAFKA_NUM_STREAM_THREADS", "8",
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "FABLESTREAM_STREAMS_THREADS", "2")));

    Properties props = StreamsDefaults.properties(SERVICE, kafka);

    assertThat(props)
        .containsEntry("consumer.max.poll.records", 50)
        .containsEntry("num.stream.threads", "8")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void everyThreadOfAnInstanceIsAStaticMemberWhoseIdOutlivesARestartOnTheSameDataDirectory(
      @TempDir Path dir) {
    Map<String, String> first =
        Map.of("kafka.bootstrap.servers", "broker:9092", "data.dir", dir.resolve("a").toString());
    Map<String, String> other =
        Map.of("kafka.bootstrap.servers", "broker:9092", "data.dir", dir.resolve("b").toString());

    StreamsConfig started = instanceConfig(first);
    StreamsConfig restarted = instanceConfig(first);
    StreamsConfig elsewhere = instanceConfig(other);

    Object thread0 =
        started.getMainConsumerConfigs("g", "c", 0).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    assertThat(thread0).asString().startsWith("fablestream-analyzer-").endsWith("-0");
    assertThat(started.getMainConsumerConfigs("g", "c", 1))
        .containsEntry(
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, thread0.toString().replaceAll("-0$", "-1"));
    assertThat(restarted.getMainConsumerConfigs("g", "c", 0))
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, thread0);
    assertThat(elsewhere.getMainConsumerConfigs("g", "c", 0))
        .doesNotContainEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, thread0);
    assertThat(started.getMainConsumerConfigs("g", "c", 0))
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
    // Only the group's consumer is a member: the restore and global consumers join no group.
    assertThat(started.getRestoreConsumerConfigs("c"))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    assertThat(started.getGlobalConsumerConfigs("c"))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  private static StreamsConfig instanceConfig(Map<String, String> config) {
    return new StreamsConfig(
        StreamsDefaults.instanceProperties(SERVICE, KafkaSettings.from(Config.of(config))));
  }
}
