package io.fablestream.app;

import io.fablestream.schemas.Topic;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** The read model's topology on a TopologyTestDriver, fed as the line's topics feed it. */
final class ReadModelDriver {
  private ReadModelDriver() {}

  /**
   * A driver of the service's topology, its state in a directory of its own (test classes run side
   * by side, and RocksDB locks its directory), its wall clock starting at {@code wallClock}.
   */
  static TopologyTestDriver start(BookViewService service, Path stateDir, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fablestream-api");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(service.topology(), props, wallClock);
  }

  /** A driver whose wall clock starts now. */
  static TopologyTestDriver start(BookViewService service, Path stateDir) {
    return start(service, stateDir, Instant.now());
  }

  /** One event on its topic, keyed by the book, with this record timestamp. */
  static <V extends SpecificRecord> void publish(
      TopologyTestDriver driver, Topic<V> topic, String bookId, V value, Instant timestamp) {
    driver
        .createInputTopic(
            topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer())
        .pipeInput(bookId, value, timestamp);
  }

  /** One event on its topic, keyed by the book, stamped with the driver's own time. */
  static <V extends SpecificRecord> void publish(
      TopologyTestDriver driver, Topic<V> topic, String bookId, V value) {
    driver
        .createInputTopic(
            topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer())
        .pipeInput(bookId, value);
  }
}
