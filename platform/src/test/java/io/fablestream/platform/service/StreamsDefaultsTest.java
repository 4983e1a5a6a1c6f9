package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {
  private static final StreamsService SERVICE =
      new StreamsService() {
        @Override
        public String name() {
          return "analyzer";
        }

        @Override
        public Topology topology() {
          return new StreamsBuilder().build();
        }

        @Override
        public Map<String, Object> streamsOverrides() {
          return Map.of("consumer.max.poll.interval.ms", 1_200_000, "num.stream.threads", 3);
        }
      };

  @Test
  void everyServiceStartsExactlyOnceWithItsDeadLetterTopicAndExplicitNames() {
    KafkaSettings kafka =
        KafkaSettings.from(
            Config.of(Map.of("kafka.bootstrap.servers", "broker:9092", "data.dir", "/var/fs")));

    Properties props = StreamsDefaults.properties(SERVICE, kafka);

    assertThat(props)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "fablestream-analyzer")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
        .containsEntry("producer.acks", "all")
        .containsEntry(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "fablestream.analyzer.dlq")
        .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueExceptionHandler.class.getName())
        .containsEntry(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueProcessingExceptionHandler.class.getName())
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/fs/state/analyzer");
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
        .containsEntry("consumer.max.poll.interval.ms", 1_200_000)
        .containsEntry("num.stream.threads", "8")
        .containsEntry("security.protocol", "SASL_SSL");
  }
}
