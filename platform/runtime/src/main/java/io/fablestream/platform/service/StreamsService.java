package io.fablestream.platform.service;

import io.fablestream.schemas.Stage;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * The one shape every Fablestream service has: a name and the topology it runs. The topology is
 * built from the service's collaborators, and tests run the very same graph with
 * TopologyTestDriver. {@link ServiceRunner} does the rest.
 */
public interface StreamsService {
  /**
   * The service's short name, for example {@code analyzer}: its application id is {@code
   * fablestream-<name>}, its dead-letter topic {@code fablestream.<name>.dlq}, its metrics carry
   * {@code service=<name>}.
   */
  String name();

  /** Builds the service's topology. */
  Topology topology();

  /**
   * Kafka Streams settings this service needs beyond the shared defaults, for example a {@code
   * max.poll.interval.ms} above its worst case of one record's work. {@code KAFKA_*} settings still
   * win over these.
   */
  default Map<String, Object> streamsOverrides() {
    return Map.of();
  }

  /**
   * The stage a BookFailed names when this service cannot produce a record of a book (see {@link
   * UnproducibleRecordHandler}). Empty for a service that is not a stage of the line: the record
   * then only goes to the dead-letter topic.
   */
  default Optional<Stage> stage() {
    return Optional.empty();
  }

  /** The Kafka Streams application id. */
  default String applicationId() {
    return "fablestream-" + name();
  }
}
