package io.fablestream.schemas;

import java.util.Collection;
import java.util.Objects;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how event values are put on the wire.
 *
 * <p>A topic's values ({@link #topicSerde}) are written in the process's {@link WireFormat}, Avro
 * single-object encoding unless the process's start path chose the registry format with {@link
 * #use}, and read in either. The format is the process's, not a topology's: every service of a
 * process, and its producers, speak the one {@code serde.format} its config names, and topologies
 * keep using {@code Topics.X.consumed()} whatever it is.
 *
 * <p>State stores and internal records ({@link #valueSerde}) are always single-object: they are no
 * contract with another program, and a changelog must read back whatever the setting is.
 */
public final class EventSerdes {
  /**
   * The process's wire: the format it writes in and, when a registry is configured, where ids are
   * registered and looked up (null when none).
   *
   * @param format the format values are written in
   * @param ids the registry, or null
   */
  public record Wire(WireFormat format, SchemaIds ids) {
    public Wire {
      Objects.requireNonNull(format, "format");
      if (format == WireFormat.REGISTRY && ids == null) {
        throw new IllegalArgumentException("The registry wire format needs a schema registry");
      }
    }
  }

  private static final Wire DEFAULT = new Wire(WireFormat.SINGLE_OBJECT, null);

  private static volatile Wire wire = DEFAULT;

  private EventSerdes() {}

  /**
   * Sets the process's wire; the start path calls it once, from the config, before any record is
   * written. Every topic serde made before or after follows it.
   */
  public static void use(Wire chosen) {
    wire = Objects.requireNonNull(chosen);
  }

  /** Back to single-object encoding with no registry (the default). */
  public static void useDefault() {
    wire = DEFAULT;
  }

  /** The process's wire as set now. */
  public static Wire wire() {
    return wire;
  }

  /**
   * Checks, at start, that the process can write these topics in its wire format: with the registry
   * format, each topic's subject must take the schema this build writes (see {@link
   * SchemaIds#requireWritable}); single-object encoding needs nothing.
   *
   * @throws RuntimeException naming the subject and the registry's reason when it cannot
   */
  public static void requireWritable(Collection<Topic<?>> topics) {
    Wire current = wire;
    if (current.format() != WireFormat.REGISTRY) {
      return;
    }
    for (Topic<?> topic : topics) {
      current
          .ids()
          .requireWritable(
              WireFormat.subjectOf(topic.name()),
              SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType()));
    }
  }

  /**
   * The value serde of one topic of the contract: writes the process's format, reads both.
   *
   * @param type the event class of the topic's values
   * @param topic the topic's name, used in subjects and error messages
   */
  public static <V extends SpecificRecord> Serde<V> topicSerde(Class<V> type, String topic) {
    return new TopicSerde<>(type, topic, SchemaHistory.published());
  }

  /**
   * The value serde of a state store or an internal record: Avro single-object encoding, whatever
   * the process's wire.
   *
   * @param type the record class
   * @param name the store's or topic's name, used in error messages
   */
  public static <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type, String name) {
    return new SingleObjectSerde<>(type, name, SchemaHistory.published());
  }
}
