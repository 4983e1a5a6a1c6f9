package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The warnings a healthy start prints by design are dropped, through the app's own logback.xml; the
 * same loggers' other warnings, real problems, still show.
 */
class HarmlessWarningsTest {
  private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    seen.start();
    root.addAppender(seen);
  }

  @AfterEach
  void stopListening() {
    root.detachAppender(seen);
  }

  private java.util.List<String> messages() {
    return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void anInternalTopicThatAlreadyExistsIsDroppedAndAReplicationFactorTooHighStillWarns() {
    org.slf4j.Logger broker =
        LoggerFactory.getLogger("kafka.server.DefaultAutoTopicCreationManager");

    // As Kafka 4.3's broker logs it: a template and its arguments.
    broker.warn(
        "Auto topic creation failed for {} with error '{}': {}.",
        "__consumer_offsets",
        "TOPIC_ALREADY_EXISTS",
        "Topic '__consumer_offsets' already exists.");
    broker.warn(
        "Auto topic creation failed for {} with error '{}': {}.",
        "__consumer_offsets",
        "INVALID_REPLICATION_FACTOR",
        "Unable to replicate the partition 3 time(s)");

    assertThat(messages())
        .containsExactly(
            "Auto topic creation failed for __consumer_offsets with error"
                + " 'INVALID_REPLICATION_FACTOR': Unable to replicate the partition 3 time(s).");
  }

  @Test
  void theStateDirectoryUnderTempIsDroppedAndItsOtherWarningsStay() {
    org.slf4j.Logger streams =
        LoggerFactory.getLogger("org.apache.kafka.streams.processor.internals.StateDirectory");

    streams.warn(
        "Using an OS temp directory in the state.dir property can cause failures with writing the"
            + " checkpoint file due to the fact that this directory can be cleared by the OS."
            + " Resolved state.dir: [/tmp/data/state/chapter]");
    streams.warn("Failed to delete state store directory of {} for it is not empty", "/x");

    assertThat(messages())
        .containsExactly("Failed to delete state store directory of /x for it is not empty");
  }

  @Test
  void theSameWordsFromAnotherLoggerStillWarn() {
    LoggerFactory.getLogger("io.fablestream.Elsewhere")
        .warn("Using an OS temp directory in the state.dir property");

    assertThat(messages()).hasSize(1);
  }
}
