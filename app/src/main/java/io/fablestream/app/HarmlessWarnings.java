package io.fablestream.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the warnings that the embedded broker and Kafka Streams print on a healthy start and a
 * healthy book, each matched by its logger and its words, so that a person who sees a warning can
 * trust that something is wrong. Every other warning of the same loggers still shows. Registered in
 * logback.xml; held to the real messages by {@code LineIT}, which runs a book and asserts an empty
 * stderr.
 */
public final class HarmlessWarnings extends TurboFilter {
  /** A warning known to be harmless: its logger, and words that every instance of it carries. */
  record Known(String logger, List<String> words) {
    boolean matches(String message) {
      return words.stream().allMatch(message::contains);
    }
  }

  static final List<Known> KNOWN =
      List.of(
          // The broker creates __consumer_offsets and __transaction_state itself; until its
          // metadata cache sees them, every consumer's or producer's FindCoordinator asks again,
          // and each ask after the first finds the topic there. The client retries and finds its
          // coordinator. Another error (a replication factor the broker cannot meet) still warns.
          new Known(
              "kafka.server.DefaultAutoTopicCreationManager",
              List.of("Auto topic creation failed for __", "'TOPIC_ALREADY_EXISTS'")),
          // Kafka Streams warns when state.dir is under java.io.tmpdir, where an OS may clean it.
          // Each service's state.dir is under data.dir, so it is there only when the person chose a
          // data.dir there (tests and demos do); the state is rebuilt from its changelog anyway.
          new Known(
              "org.apache.kafka.streams.processor.internals.StateDirectory",
              List.of("Using an OS temp directory in the state.dir property")),
          // On the embedded broker's shutdown its controller channel closes its network client
          // twice; the second close does nothing.
          new Known(
              "org.apache.kafka.clients.NetworkClient",
              List.of(
                  "NodeToControllerChannelManager",
                  "Attempting to close NetworkClient that has already been closed")));

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.WARN || format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    String message = null;
    for (Known known : KNOWN) {
      if (known.logger().equals(logger.getName())) {
        if (message == null) {
          // Kafka's Java code logs with {} placeholders, its Scala code with the words in place.
          message =
              params == null || params.length == 0
                  ? format
                  : MessageFormatter.arrayFormat(format, params).getMessage();
        }
        if (known.matches(message)) {
          return FilterReply.DENY;
        }
      }
    }
    return FilterReply.NEUTRAL;
  }
}
