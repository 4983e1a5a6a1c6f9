package io.fablestream.platform;

import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Topic;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A service's very topology on TopologyTestDriver, the way every service's tests set it up: its
 * application id, no broker, a fresh state directory, and the contract's topics with their serdes.
 */
public final class TestDrivers {
  private TestDrivers() {}

  /**
   * The driver's settings: the application id, a broker that is never reached, a state directory of
   * its own ({@link StateDirs#fresh}), and every internal topic and store named explicitly, as the
   * production settings ask.
   */
  public static Properties properties(String applicationId) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirs.fresh(applicationId));
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    return props;
  }

  /** The service's topology on a driver, its wall clock at the system's time. */
  public static TopologyTestDriver start(StreamsService service) {
    return new TopologyTestDriver(service.topology(), properties(service.applicationId()));
  }

  /** The service's topology on a driver whose wall clock starts at {@code wallClock}. */
  public static TopologyTestDriver start(StreamsService service, Instant wallClock) {
    return new TopologyTestDriver(
        service.topology(), properties(service.applicationId()), wallClock);
  }

  /** The topic as the driver's input, with the contract's serdes. */
  public static <V extends SpecificRecord> TestInputTopic<String, V> input(
      TopologyTestDriver driver, Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** The topic as the driver's output, with the contract's serdes. */
  public static <V extends SpecificRecord> TestOutputTopic<String, V> output(
      TopologyTestDriver driver, Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /** How many entries a store holds, counted (RocksDB's own count is an estimate). */
  public static long entries(TopologyTestDriver driver, String store) {
    long n = 0;
    try (KeyValueIterator<Object, Object> all = driver.getKeyValueStore(store).all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }
}
