package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topics;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.Test;

class TopicInitializerTest {
  @Test
  void topicsThatDisagreeOnTheirPartitionCountAreRefusedByName() {
    Map<String, Integer> counts =
        Map.of(
            "fablestream.analysis.ready", 12,
            "fablestream.chapters.indexed", 6,
            "fablestream.arcs.summarized", 12);

    assertThatThrownBy(
            () ->
                TopicInitializer.requireCoPartitioned(
                    "The chapter service", counts, OptionalInt.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "The chapter service refuses to start: every topic it reads and writes must have the"
                + " same number of partitions, so that all the events of a book meet in one task."
                + " They have 12 partitions: fablestream.analysis.ready,"
                + " fablestream.arcs.summarized; 6 partitions: fablestream.chapters.indexed."
                + " Give them one count (kafka-topics.sh --alter --partitions N; a book in flight"
                + " may then be split), or, when they agree among themselves, set"
                + " topics.partitions to their count.");
  }

  @Test
  void topicsThatAgreeButNotWithTopicsPartitionsAreRefusedWhenTheLineCreatesTopics() {
    Map<String, Integer> counts =
        Map.of("fablestream.images.submitted", 12, "fablestream.analysis.ready", 12);

    assertThatCode(
            () ->
                TopicInitializer.requireCoPartitioned(
                    "The analyzer service", counts, OptionalInt.empty()))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                TopicInitializer.requireCoPartitioned(
                    "The analyzer service", counts, OptionalInt.of(24)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the line creates its topics with 24 (topics.partitions")
        .hasMessageContaining(
            "They have 12 partitions: fablestream.analysis.ready, fablestream.images.submitted.");
  }

  @Test
  void deadLetterTopicsAreCreatedWithOnePartitionAndEventTopicsWithTopicsPartitions() {
    KafkaSettings kafka = KafkaSettings.from(Config.of(Map.of("topics.partitions", "6")));

    assertThat(TopicInitializer.partitions(Topics.deadLetter("chapter"), kafka)).isEqualTo(1);
    assertThat(TopicInitializer.partitions(Topics.CHAPTERS_WRITTEN.name(), kafka)).isEqualTo(6);
    assertThat(TopicInitializer.partitions(Topics.IMAGES_SUBMITTED.name(), kafka)).isEqualTo(6);
  }

  @Test
  void noTopicsYetOrOneCountIsFine() {
    assertThatCode(
            () -> TopicInitializer.requireCoPartitioned("The line", Map.of(), OptionalInt.of(12)))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                TopicInitializer.requireCoPartitioned(
                    "The line", Map.of("fablestream.books.failed", 12), OptionalInt.of(12)))
        .doesNotThrowAnyException();
  }

  @Test
  void theTopicsAServiceJoinsAreThoseItReadsAndWritesWithoutStreamsOwnRepartitionTopics() {
    StreamsBuilder builder = new StreamsBuilder();
    Topics.ANALYSIS_READY.stream(builder)
        .merge(Topics.CHAPTERS_INDEXED.stream(builder).mapValues(v -> null))
        .repartition(Repartitioned.as("by-book"))
        .mapValues(v -> "x")
        .to("fablestream.chapters.written", Produced.with(Serdes.String(), Serdes.String()));
    builder.globalTable("a-global-table", Consumed.with(Serdes.String(), Serdes.String()));

    assertThat(ServiceRunner.joinedTopics(builder.build()))
        .containsExactly(
            "fablestream.analysis.ready",
            "fablestream.chapters.indexed",
            "fablestream.chapters.written");
  }
}
